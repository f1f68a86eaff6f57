"""Bulk task messages and refusals in the reader's language: whole sentences with every
plural form (Polish: 1 / 2–4 / 5+), numbers and dates in the language's format."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cslib import i18n, records, tasks
from cslib.errors import ValidationError
from cslib.tasks import Selection
from tests.factories import make_actor, make_company, make_task, make_workspace

NOW = datetime(2026, 3, 10, 22, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def workspace(session):
    return make_workspace(session)


def _complete(session, me, picked: int, done_already: int) -> str:
    ids = [
        make_task(session, assignee=me, status="completed" if i < done_already else "not_started").id
        for i in range(picked)
    ]
    return tasks.complete_tasks(session, me, Selection.of(ids), now=NOW).message


@pytest.mark.parametrize(
    ("language", "picked", "done_already", "message"),
    [
        ("da", 3, 1, "2 opgaver er markeret som afsluttede. 1 anden opgave var allerede afsluttet."),
        ("da", 1, 0, "1 opgave er markeret som afsluttet."),
        ("pl", 3, 1, "Oznaczono 2 zadania jako ukończone. 1 inne zadanie było już ukończone."),
        ("pl", 5, 0, "Oznaczono 5 zadań jako ukończone."),
        ("pl", 1, 1, "Nic nie zmieniono: zadanie było już ukończone."),
        ("pl", 4, 4, "Nic nie zmieniono: wszystkie zadania (4) były już ukończone."),
    ],
)
def test_bulk_messages_use_the_plural_forms_of_the_language(session, language, picked, done_already, message):
    me = make_actor(session)
    with i18n.use(language):
        assert _complete(session, me, picked, done_already) == message


def test_a_due_date_set_in_bulk_is_shown_in_the_readers_date_format(session):
    me = make_actor(session)
    task = make_task(session, assignee=me)
    with i18n.use("da"):
        result = tasks.edit_tasks(session, me, Selection.of([task.id]), "due_at", "2026-03-20 17:00", now=NOW)
    assert result.message.endswith("20. mar. 2026, 17:00 UTC på 1 opgave.")


def test_refusals_and_conflicts_read_in_the_language(session):
    me = make_actor(session, name="Ann Lee")
    company = make_company(session, name="Acme")
    with i18n.use("pl"):
        with pytest.raises(ValidationError, match="^Najpierw zaznacz co najmniej jedno zadanie.$"):
            tasks.complete_tasks(session, me, Selection.of([]), now=NOW)
        with pytest.raises(ValidationError, match="^Pole „.+” musi zawierać liczbę.$"):
            records.update_properties(session, me, "company", company.id, {"arr": "lots"}, expected_version=1)
