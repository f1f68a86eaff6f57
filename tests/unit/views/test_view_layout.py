"""A saved view remembers whether it opens as a table or as a board (SPEC §3.3, §3.4:
the table/board switch is kept in a saved view)."""

from __future__ import annotations

import pytest

from cslib import i18n, views
from cslib.errors import ConflictError, ValidationError
from tests.factories import make_actor, make_object_type, make_workspace


@pytest.fixture(autouse=True)
def workspace(session):
    make_workspace(session)
    make_object_type(session, "deal")


@pytest.fixture
def csm(session):
    return make_actor(session, name="Cleo CSM")


def test_a_new_view_opens_as_a_table_unless_saved_as_a_board(session, csm):
    table = views.create_view(session, csm, "deal", name="My deals")
    board = views.create_view(session, csm, "deal", name="My board", layout="board")
    assert (table.layout, board.layout) == ("table", "board")
    assert [(v.name, v.layout) for v in views.list_views(session, csm, "deal")] == [
        ("My board", "board"),
        ("My deals", "table"),
    ]


def test_switching_the_layout_is_saved_with_the_version_and_a_stale_switch_conflicts(session, csm):
    v = views.create_view(session, csm, "deal", name="My deals")
    board = views.update_view(session, csm, v.id, expected_version=v.version, layout="board")
    assert board.layout == "board" and board.version == v.version + 1
    assert views.get_view(session, csm, v.id).layout == "board"
    renamed = views.update_view(session, csm, v.id, expected_version=board.version, name="Renamed")
    assert renamed.layout == "board"  # None leaves the layout alone
    with pytest.raises(ConflictError):
        views.update_view(session, csm, v.id, expected_version=board.version, layout="table")
    assert views.get_view(session, csm, v.id).layout == "board"


def test_a_clone_opens_in_the_layout_of_its_source(session, csm):
    source = views.create_view(session, csm, "deal", name="Pipeline board", layout="board")
    clone = views.clone_view(session, csm, source.id, name="Copy", sharing="private")
    assert clone.layout == "board"


@pytest.mark.parametrize("layout", ["grid", "Board", "", None, 1, ["board"]])
def test_a_layout_other_than_table_or_board_is_refused(session, csm, layout):
    with pytest.raises(ValidationError, match="A view opens as a table or as a board, not as"):
        views.create_view(session, csm, "deal", name="Odd", layout=layout)
    v = views.create_view(session, csm, "deal", name="Fine")
    if layout is not None:  # None means "leave it" on update
        with pytest.raises(ValidationError, match="A view opens as a table or as a board"):
            views.update_view(session, csm, v.id, expected_version=v.version, layout=layout)
    assert views.get_view(session, csm, v.id).layout == "table"


def test_records_outside_pipelines_have_no_board(session, csm):
    with pytest.raises(ValidationError, match="Companies are not in pipeline stages, so they have no board"):
        views.create_view(session, csm, "company", name="Customer board", layout="board")
    make_object_type(session, "onboarding", is_custom=True, has_pipeline=True)
    assert views.create_view(session, csm, "onboarding", name="Onboarding board", layout="board").layout == "board"


def test_the_refusals_read_in_the_users_language(session, csm):
    with i18n.use("da"), pytest.raises(ValidationError) as exc:
        views.create_view(session, csm, "deal", name="Odd", layout="grid")
    assert str(exc.value) == "En visning åbnes som en tabel eller som en tavle, ikke som “grid”."
    with i18n.use("pl"), pytest.raises(ValidationError) as exc:
        views.create_view(session, csm, "company", name="Odd", layout="board")
    assert str(exc.value) == "Firmy nie są w etapach potoku, więc nie mają tablicy. Zapisz widok jako tabelę."
