"""Which columns an export has, in which order, headed in which language (SPEC §3.9)."""

from __future__ import annotations

import pytest

from cslib import i18n
from cslib.errors import ValidationError
from cslib.exports import ExportOptions, safe_file_name
from cslib.exports.columns import sort_key
from tests.factories import make_company
from tests.unit.exports.conftest import read_csv, write
from tests.unit.exports.helpers import built, new_actor


def test_view_option_keeps_the_views_columns_in_the_views_order_after_record_id(db):
    me = new_actor(db, name="Ann Owner")
    company = write(db, lambda s: make_company(s, name="Acme", arr=1200, owner_id=me.id))
    file = built(db, me, columns=["arr", "owner_id", "name"])
    rows = read_csv(file.path)
    assert rows[0] == ["Record ID", "Annual recurring revenue", "Company owner", "Company name"]
    assert rows[1] == [str(company.id), "1200", "Ann Owner", "Acme"]


def test_all_properties_are_alphabetical_with_record_id_first_and_no_associations(db):
    me = new_actor(db)
    write(db, lambda s: make_company(s, name="Acme"))
    headers = read_csv(built(db, me, properties="all").path)[0]
    assert headers[0] == "Record ID"
    assert headers[1:] == sorted(headers[1:], key=str.casefold)
    assert {"Company name", "Annual recurring revenue", "Company domain name", "Health score"} <= set(headers)
    assert not [h for h in headers if h.startswith("Associated")]


def test_all_properties_and_associations_put_name_and_id_columns_last(db):
    me = new_actor(db)
    write(db, lambda s: make_company(s, name="Acme"))
    headers = read_csv(built(db, me, properties="all_associations").path)[0]
    first_association = headers.index("Associated Company")
    assert headers[first_association : first_association + 4] == [
        "Associated Company",
        "Associated Company IDs",
        "Associated Contact",
        "Associated Contact IDs",
    ]
    assert all(h.startswith("Associated") for h in headers[first_association:])
    assert headers[1:first_association] == sorted(headers[1:first_association], key=str.casefold)
    assert "Associated Deal" in headers and "Associated Deal IDs" in headers


def test_names_only_drops_the_id_columns(db):
    me = new_actor(db)
    write(db, lambda s: make_company(s, name="Acme"))
    headers = read_csv(built(db, me, properties="all_associations", associations="names").path)[0]
    assert "Associated Contact" in headers and "Associated Contact IDs" not in headers


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", ["Post-id", "Årlig tilbagevendende indtægt (ARR)", "Virksomhedsnavn"]),
        ("pl", ["Identyfikator rekordu", "Roczny przychód cykliczny (ARR)", "Nazwa firmy"]),
    ],
)
def test_standard_headers_are_translated_and_values_are_not(db, language, expected):
    me = new_actor(db)
    write(db, lambda s: make_company(s, name="Acme", lifecycle_stage="customer", arr=5))
    rows = read_csv(built(db, me, columns=["arr", "name", "lifecycle_stage"], language=language).path)
    with i18n.use(language):
        stage_header = i18n._("Lifecycle stage")
    assert rows[0] == [*expected, stage_header]
    assert stage_header != "Lifecycle stage"
    assert rows[1][3] == "Customer"  # the value stays as it is stored, in English


@pytest.mark.parametrize(
    ("language", "names", "ids"),
    [
        ("da", "Tilknyttet: Kontakt", "Tilknyttede id'er: Kontakt"),
        ("pl", "Powiązany rekord: Kontakt", "Identyfikatory powiązanych rekordów: Kontakt"),
    ],
)
def test_association_headers_are_translated(db, language, names, ids):
    me = new_actor(db)
    write(db, lambda s: make_company(s, name="Acme"))
    headers = read_csv(built(db, me, properties="all_associations", language=language).path)[0]
    assert headers[headers.index(names) + 1] == ids


def test_headers_sort_as_a_danish_or_polish_reader_expects():
    assert sorted(["År", "Zebra", "Øre", "Æble", "Abe"], key=lambda t: sort_key(t, "da")) == [
        "Abe",
        "Zebra",
        "Æble",
        "Øre",
        "År",
    ]
    assert sorted(["Łódź", "Lato", "Mapa", "Ąb", "Az"], key=lambda t: sort_key(t, "pl")) == [
        "Az",
        "Ąb",
        "Lato",
        "Łódź",
        "Mapa",
    ]


def test_all_associated_records_are_refused_for_xlsx():
    with pytest.raises(ValidationError, match="only be exported to CSV"):
        ExportOptions(name="X", format="xlsx", properties="all_associations", associations="all").checked()
    assert ExportOptions(name="X", format="csv", associations="all").checked().associations == "all"


@pytest.mark.parametrize(
    "options",
    [
        {"name": "   "},
        {"name": "x" * 201},
        {"name": "X", "format": "xls"},
        {"name": "X", "language": "de"},
        {"name": "X", "properties": "some"},
        {"name": "X", "associations": 7},
    ],
)
def test_bad_choices_get_a_message(options):
    with pytest.raises(ValidationError):
        ExportOptions(**options).checked()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Kunder æøå", "Kunder æøå"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("a\\b/c:d*e?f", "a_b_c_d_e_f"),
        ("tab\there\nnew\x00line", "tab here new line"),
        ("...", "export"),
        ("CON", "_CON"),
        ("x" * 300, "x" * 100),
    ],
)
def test_export_names_become_safe_file_names(name, safe):
    assert safe_file_name(name) == safe
