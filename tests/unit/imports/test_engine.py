"""An import end to end: files of every format a team brings, what each bad row says,
the error file, create, match, update, link and re-import."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from cslib import imports
from cslib.db import read_session
from cslib.models import Association, Company, CompanyDomain, Contact, Pipeline, PropertyHistory, Record, SourceId, Task
from cslib.records import record_name
from tests.factories import make_company, make_pipeline, stages_of
from tests.unit.imports.helpers import (
    actions,
    counts,
    csv_bytes,
    draft,
    new_admin,
    run,
    skipped,
    state,
    write,
    xlsx_bytes,
)

COMPANIES = [
    ["Record ID", "Company name", "Company Domain Name", "Company owner", "Annual Revenue", "Create Date"],
    ["9001", "Acme", "acme.com", "", "1,200.50", "2024-05-01 09:30"],
    ["9002", "Globex", "https://www.globex.com/", "", "300", ""],
]


def companies(engine, *columns: str) -> list[tuple]:
    """(name, *columns) of every live company, by name."""
    with read_session(engine) as s:
        cols = [Company.name, *(getattr(Company, c) for c in columns)]
        return [tuple(r) for r in s.execute(select(*cols).order_by(Company.name)).all()]


def test_a_companies_file_is_imported_and_a_second_time_changes_nothing(db):
    admin = new_admin(db, email="boss@example.com")
    first = run(db, admin, csv_bytes(COMPANIES))
    assert (first.status, first.created, first.updated, first.skipped) == ("done", 2, 0, 0), first.error
    assert companies(db, "domain", "arr", "created_at")[0][:3] == ("Acme", "acme.com", 1200.5)
    assert companies(db, "domain", "arr")[1] == ("Globex", "globex.com", 300.0)
    with read_session(db) as s:
        created = s.scalar(select(Company.created_at).where(Company.name == "Acme"))
    assert created.replace(tzinfo=None) == datetime(2024, 5, 1, 9, 30)
    before = state(db)
    again = run(db, admin, csv_bytes(COMPANIES))
    assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 2, 0)
    assert state(db) == before


# --- the formats a team brings ---------------------------------------------------------------


def test_a_danish_windows_1252_file_with_semicolons_danish_dates_and_decimal_commas(db):
    admin = new_admin(db)
    rows = [
        ["Virksomhedsnavn", "Virksomhedens domænenavn", "Årlig tilbagevendende indtægt (ARR)", "Fornyelsesdato", "By"],
        ["Ærø Æbler ApS", "aeroe-aebler.dk", "1.234,56", "31-12-2025", "Århus"],
        ["Søren Økologi", "soeren.dk", "12.345.678,9", "29-02-2024", "Køge"],
    ]
    data = csv_bytes(rows, delimiter=";", encoding="cp1252")
    assert "Æ".encode("cp1252") in data  # really Windows-1252, not UTF-8
    done = run(db, admin, data, locale="da")
    assert (done.status, done.created, done.skipped) == ("done", 2, 0), skipped(db, done.id)
    assert companies(db, "domain", "arr", "renewal_date", "city") == [
        ("Søren Økologi", "soeren.dk", 12345678.9, date(2024, 2, 29), "Køge"),
        ("Ærø Æbler ApS", "aeroe-aebler.dk", 1234.56, date(2025, 12, 31), "Århus"),
    ]


def test_the_same_danish_numbers_read_in_english_are_row_errors_not_other_numbers(db):
    admin = new_admin(db)
    rows = [["Company name", "Annual recurring revenue"], ["Ærø", "1.234,56"], ["Køge", "300"]]
    done = run(db, admin, csv_bytes(rows, delimiter=";", encoding="cp1252"), locale="en")
    assert (done.created, done.skipped) == (1, 1)
    assert skipped(db, done.id) == {
        2: "Annual recurring revenue: “1.234,56” is not a number in English format (like 1,234.56)."
    }
    assert companies(db, "arr") == [("Køge", 300.0)]


def test_utf8_with_a_bom_and_polish_letters_in_names_and_owners(db):
    admin = new_admin(db)
    owner = new_admin(db, name="Małgorzata Ślęzak", email="m.slezak@example.pl")
    rows = [
        ["Imię", "Nazwisko", "E-mail", "Contact owner", "Etap cyklu życia"],
        ["Łukasz", "Żółć", "lukasz@zolc.pl", "Małgorzata Ślęzak", "Klient"],
        ["Zażółć", "Gęślą-Jaźń", "ZAZOLC@Jazn.PL", "M.Slezak@example.pl", "Były klient"],
    ]
    data = b"\xef\xbb\xbf" + csv_bytes(rows)
    done = run(db, admin, data, "contact", locale="pl")
    assert (done.created, done.skipped) == (2, 0), skipped(db, done.id)
    with read_session(db) as s:
        got = s.execute(
            select(
                Contact.first_name, Contact.last_name, Contact.email, Contact.owner_id, Contact.lifecycle_stage
            ).order_by(Contact.id)
        ).all()
    assert [tuple(r) for r in got] == [
        ("Łukasz", "Żółć", "lukasz@zolc.pl", owner.id, "customer"),
        ("Zażółć", "Gęślą-Jaźń", "zazolc@jazn.pl", owner.id, "former_customer"),
    ]


def test_an_xlsx_file_keeps_its_typed_cells(db):
    admin = new_admin(db)
    rows = [
        ["Company name", "Annual Revenue", "Renewal date", "Create Date", "Number of employees", "NPS score"],
        ["Typed A/S", 1234.5, date(2026, 3, 1), datetime(2023, 7, 14, 8, 15), 250, 9],
        ["Text A/S", "2,000", "12/31/2026", "2023-01-02", "12", ""],
    ]
    done = run(db, admin, xlsx_bytes(rows), name="companies.xlsx")
    assert (done.created, done.skipped) == (2, 0), skipped(db, done.id)
    assert companies(db, "arr", "renewal_date", "employees", "nps") == [
        ("Text A/S", 2000.0, date(2026, 12, 31), 12, None),
        ("Typed A/S", 1234.5, date(2026, 3, 1), 250, 9),
    ]
    with read_session(db) as s:
        created = s.scalar(select(Company.created_at).where(Company.name == "Typed A/S"))
    assert created.replace(tzinfo=UTC) == datetime(2023, 7, 14, 8, 15, tzinfo=UTC)


@pytest.mark.parametrize("chunk", [1_000, 1])
def test_duplicate_rows_make_one_record_not_two(db, monkeypatch, chunk):
    monkeypatch.setattr("cslib.imports.run.CHUNK_ROWS", chunk)
    admin = new_admin(db)
    rows = [
        ["Record ID", "Company name", "Company Domain Name"],
        ["1", "Acme", "acme.com"],
        ["1", "Acme", "acme.com"],
        ["", "Globex", "globex.com"],
        ["", "Globex", "GLOBEX.com"],
    ]
    done = run(db, admin, csv_bytes(rows))
    assert (done.created, done.updated, done.unchanged, done.skipped) == (2, 0, 2, 0)
    assert companies(db, "domain") == [("Acme", "acme.com"), ("Globex", "globex.com")]
    assert actions(db, done.id) == {2: "created", 3: "unchanged", 4: "created", 5: "unchanged"}


def _refused_upload(engine, admin, data: bytes, name: str) -> str:
    with pytest.raises(imports.ImportFileError) as caught:
        write(engine, lambda s: imports.upload(s, admin, name, data))
    return str(caught.value)


def test_files_that_are_not_tables_are_refused_at_upload_and_nothing_is_kept(db):
    admin = new_admin(db)
    before = counts(db)
    png = b"\x89PNG\r\n\x1a\n" + bytes(random.Random(1).randrange(256) for _ in range(2000))
    assert _refused_upload(db, admin, png, "companies.csv") == "This is not a CSV or XLSX file."
    assert _refused_upload(db, admin, b"", "empty.csv") == "The file is empty."
    header_only = _refused_upload(db, admin, b"Company name,Company Domain Name\r\n", "header.csv")
    assert header_only == "The file has a header row but no rows to import."
    assert counts(db) == before and before["imports"] == 0 and before["companies"] == 0
    assert list(imports.imports_dir().iterdir()) == []


def test_ten_megabytes_of_junk_are_refused_with_a_clear_message_and_nothing_written(db):
    admin = new_admin(db)
    junk = random.Random(7).randbytes(10 * 1024 * 1024)
    message = _refused_upload(db, admin, junk, "big.csv")
    assert message in ("This is not a CSV or XLSX file.", "The file is larger than 10 MB.")
    assert counts(db)["imports"] == 0 and counts(db)["companies"] == 0
    assert list(imports.imports_dir().iterdir()) == []


# --- rows that cannot be imported --------------------------------------------------------------


def test_a_row_whose_owner_does_not_exist_is_skipped_naming_the_owner_and_the_others_imported(db):
    admin = new_admin(db, email="anna@example.com")
    rows = [
        ["Company name", "Company owner"],
        ["Acme", "anna@example.com"],
        ["Globex", "nobody@example.com"],
        ["Initech", "ANNA@example.com"],
    ]
    done = run(db, admin, csv_bytes(rows))
    assert (done.status, done.created, done.skipped) == ("done", 2, 1)
    assert skipped(db, done.id) == {3: "Company owner: No active user has the e-mail or name “nobody@example.com”."}
    assert companies(db, "owner_id") == [("Acme", admin.id), ("Initech", admin.id)]


def _two_companies(engine, admin) -> dict[str, int]:
    run(engine, admin, csv_bytes(COMPANIES))
    with read_session(engine) as s:
        return dict(s.execute(select(Company.name, Company.id)).all())


def test_each_bad_row_is_skipped_with_its_row_number_and_reason_and_the_error_file_lists_them(db):
    admin = new_admin(db)
    ids = _two_companies(db, admin)
    rows = [
        ["Record ID", "Company name", "Company Domain Name", "Renewal date", "Annual Revenue"],
        ["9001", "Acme", "acme.com", "2026-01-31", "1,500"],  # 2: updated
        ["", "Bad Date", "", "31/12/2026", ""],  # 3
        ["", "Wrong Locale", "", "", "1.234,56"],  # 4
        ["", "", "", "", "99"],  # 5: no name
        ["9001", "Acme", "globex.com", "", ""],  # 6: Acme's row, Globex's domain
        ["", '=HYPERLINK("http://x")', "", "not a date", ""],  # 7
        ["", "Fine Co", "fine.example", "12/31/2026", "12.5"],  # 8: created
    ]
    done = run(db, admin, csv_bytes(rows))
    assert (done.created, done.updated, done.unchanged, done.skipped) == (1, 1, 0, 5)
    reasons = skipped(db, done.id)
    assert reasons == {
        3: "Renewal date: “31/12/2026” is not a date in English format (like 12/31/2025 or 2025-12-31).",
        4: "Annual recurring revenue: “1.234,56” is not a number in English format (like 1,234.56).",
        5: "Company name is required for a new record.",
        6: f"The domain “globex.com” is already used by another company (#{ids['Globex']}).",
        7: "Renewal date: “not a date” is not a date in English format (like 12/31/2025 or 2025-12-31).",
    }
    assert companies(db, "domain", "renewal_date", "arr") == [
        ("Acme", "acme.com", date(2026, 1, 31), 1500.0),
        ("Fine Co", "fine.example", date(2026, 12, 31), 12.5),
        ("Globex", "globex.com", None, 300.0),
    ]
    with read_session(db) as s:
        raw = imports.error_file(s, admin, done.id)
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == [*rows[0], "Row", "Error"]
    assert [(r[-2], r[-1]) for r in table[1:]] == [(str(n), reasons[n]) for n in sorted(reasons)]
    assert [r[:-2] for r in table[1:]][:4] == [rows[n - 1] for n in (3, 4, 5, 6)]
    assert table[-1][1] == '\'=HYPERLINK("http://x")'
    assert not [c for r in table[1:] for c in r if c[:1] in ("=", "+", "-", "@")]


def test_an_error_file_of_the_preview_lists_the_rows_it_would_skip(db):
    admin = new_admin(db)
    rows = [["Company name", "Renewal date"], ["Acme", "soon"], ["Globex", "1/2/2026"]]
    info = write(db, lambda s: imports.upload(s, admin, "c.csv", csv_bytes(rows)))
    with read_session(db) as s:
        seen = imports.preview(s, admin, info.id)
        raw = imports.error_file(s, admin, info.id, seen.errors)
    assert (seen.creates, seen.updates, [n for n, _m in seen.errors]) == (1, 0, [2])
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r[:3] for r in table[1:]] == [["Acme", "soon", "2"]]
    assert counts(db)["companies"] == 0


def test_the_preview_shows_and_checks_the_columns_that_become_new_properties(db):
    admin = new_admin(db)
    rows = [["Company name", "Seats"], ["Acme", "1,200"], ["Globex", "many"]]
    mapping = [imports.Target("property", "name"), imports.Target("new", "number:Seats")]
    info = draft(db, admin, csv_bytes(rows), mapping=mapping)
    with read_session(db) as s:
        seen = imports.preview(s, admin, info.id)
    assert seen.frame["Seats"].tolist()[0] == "1,200"
    assert [(n, "Seats" in message) for n, message in seen.errors] == [(3, True)]
    assert (seen.creates, counts(db)["companies"]) == (1, 0)


def test_the_preview_names_the_companies_a_row_links_to_not_the_ids_it_wrote(db):
    admin = new_admin(db)
    run(db, admin, csv_bytes([["Record ID", "Company name"], ["ext-7", "Acme Oy"]]))
    rows = [["Email", "Associated Company IDs"], ["ann@acme.example", "ext-7"], ["bo@x.example", "ext-8"]]
    info = draft(db, admin, csv_bytes(rows), "contact")
    with read_session(db) as s:
        seen = imports.preview(s, admin, info.id)
    assert seen.frame["Associated companies"].tolist()[0] == "Acme Oy"
    assert seen.errors == ((3, "No company has the ID “ext-8”."),)


# --- matching ---------------------------------------------------------------------------------


def test_a_file_exported_from_this_workspace_updates_its_records_by_our_record_id(db):
    admin = new_admin(db)
    ids = write(db, lambda s: [make_company(s, name=n, domain=f"{n.lower()}.example").id for n in ("Acme", "Globex")])
    rows = [
        ["Record ID", "Company name", "Annual recurring revenue"],
        [ids[0], "Acme Renamed", "10"],
        [ids[1], "", "20"],
    ]
    done = run(db, admin, csv_bytes(rows))
    assert (done.record_ids, done.created, done.updated) == ("ours", 0, 2)
    assert companies(db, "id", "arr") == [("Acme Renamed", ids[0], 10.0), ("Globex", ids[1], 20.0)]
    assert counts(db)["source_ids"] == 0


def test_our_record_ids_that_name_no_record_are_row_errors_when_the_file_is_ours(db):
    admin = new_admin(db)
    acme = write(db, lambda s: make_company(s, name="Acme").id)
    rows = [["Record ID", "Company name"], [acme, "Acme 2"], [acme + 1000, "Ghost"]]
    done = run(db, admin, csv_bytes(rows), record_ids="ours")
    assert (done.updated, done.created, done.skipped) == (1, 0, 1)
    assert skipped(db, done.id) == {3: f"No record has the Record ID “{acme + 1000}”."}
    assert companies(db) == [("Acme 2",)]


def test_another_systems_record_ids_are_kept_as_source_ids_and_found_again(db):
    admin = new_admin(db)
    first = run(db, admin, csv_bytes(COMPANIES))
    assert first.record_ids == "source"
    with read_session(db) as s:
        kept = s.execute(select(SourceId.source_id, Company.name).join(Company, Company.id == SourceId.record_id))
        assert sorted(kept) == [("9001", "Acme"), ("9002", "Globex")]
    changed = [COMPANIES[0], ["9001", "Acme Corp", "acme.com", "", "1,200.50", ""], COMPANIES[2]]
    second = run(db, admin, csv_bytes(changed))
    assert (second.record_ids, second.created, second.updated, second.unchanged) == ("source", 0, 1, 1)
    assert companies(db) == [("Acme Corp",), ("Globex",)]


def test_companies_are_matched_by_domain_also_an_additional_one_which_stays_additional(db):
    admin = new_admin(db)
    rows = [["Company name", "Company Domain Name", "Additional domains"], ["Acme", "acme.com", "acme.dk;acme.de"]]
    run(db, admin, csv_bytes(rows))
    by_additional = run(db, admin, csv_bytes([["Website", "City"], ["https://www.ACME.dk/kontakt", "Aarhus"]]))
    assert (by_additional.created, by_additional.updated, by_additional.skipped) == (0, 1, 0)
    assert companies(db, "domain", "city") == [("Acme", "acme.com", "Aarhus")]
    by_primary = run(db, admin, csv_bytes([["Company name", "Website", "City"], ["Acme", "ACME.com", "Berlin"]]))
    assert (by_primary.created, by_primary.updated, by_primary.skipped) == (0, 1, 0)
    assert companies(db, "domain", "city") == [("Acme", "acme.com", "Berlin")]
    with read_session(db) as s:
        assert sorted(s.scalars(select(CompanyDomain.domain))) == ["acme.de", "acme.dk"]


def test_contacts_are_matched_by_email_whatever_its_case(db):
    admin = new_admin(db)
    run(db, admin, csv_bytes([["Email", "First Name"], ["Ann.Lee@Acme.com", "Ann"]]), "contact")
    done = run(db, admin, csv_bytes([["Email", "Job Title"], ["ANN.LEE@acme.COM", "CEO"]]), "contact")
    assert (done.created, done.updated) == (0, 1)
    with read_session(db) as s:
        assert s.execute(select(Contact.first_name, Contact.email, Contact.job_title)).all() == [
            ("Ann", "ann.lee@acme.com", "CEO")
        ]


def test_a_contact_whose_email_is_not_an_address_is_skipped_saying_so(db):
    rows = [["Email", "First Name"], ["jan.nowak@example.pl", "Jan"], ["jan at example", "Ewa"], ["@example.pl", "Ola"]]
    done = run(db, new_admin(db), csv_bytes(rows), "contact")
    assert (done.created, done.skipped) == (1, 2)
    problems = skipped(db, done.id)
    assert "“jan at example” is not an e-mail address" in problems[3]
    assert "“@example.pl” is not an e-mail address" in problems[4]
    with read_session(db) as s:
        assert s.execute(select(Contact.email)).scalars().all() == ["jan.nowak@example.pl"]


def test_owners_are_found_by_email_or_name_and_a_shared_name_asks_for_the_email(db):
    admin = new_admin(db, name="Admin Person")
    anna = new_admin(db, name="Anna Berg", email="anna@example.com")
    new_admin(db, name="Bo Lind", email="bo1@example.com")
    new_admin(db, name="Bo Lind", email="bo2@example.com")
    new_admin(db, name="Gone Person", email="gone@example.com", is_active=False)
    rows = [
        ["Company name", "Company owner"],
        ["By Mail", "ANNA@example.com"],
        ["By Name", "  anna   BERG "],
        ["Shared", "Bo Lind"],
        ["Inactive", "gone@example.com"],
    ]
    done = run(db, admin, csv_bytes(rows))
    assert (done.created, done.skipped) == (2, 2)
    assert skipped(db, done.id) == {
        4: "Company owner: Several users are named “Bo Lind”: use their e-mail instead.",
        5: "Company owner: No active user has the e-mail or name “gone@example.com”.",
    }
    assert companies(db, "owner_id") == [("By Mail", anna.id), ("By Name", anna.id)]


def test_choices_are_found_by_their_value_or_their_label_in_english_danish_or_polish(db):
    admin = new_admin(db)
    rows = [
        ["Company name", "Lifecycle stage", "Industry"],
        ["En", "Customer", "Computer Software"],
        ["Da", "kunde", "Computersoftware"],
        ["Pl", "Były klient", "Oprogramowanie"],
        ["Value", "former_customer", "computer_software"],
        ["Bad", "VIP", ""],
    ]
    done = run(db, admin, csv_bytes(rows))
    assert (done.created, done.skipped) == (4, 1)
    assert skipped(db, done.id) == {6: "Lifecycle stage: “VIP” is not one of its options."}
    assert companies(db, "lifecycle_stage", "industry") == [
        ("Da", "customer", "computer_software"),
        ("En", "customer", "computer_software"),
        ("Pl", "former_customer", "computer_software"),
        ("Value", "former_customer", "computer_software"),
    ]


def _deal_pipelines(engine) -> dict[str, int]:
    def make(s):
        sales = make_pipeline(s, "deal", "Sales", stages=("Lead", "Proposal", "Won"))
        make_pipeline(s, "deal", "Renewals", stages=("Upcoming", "Renewed"))
        return {f"{p.name}/{st.name}": st.id for p in s.scalars(select(Pipeline)) for st in stages_of(s, p)} | {
            "Sales": sales.id
        }

    return write(engine, make)


def deals(engine) -> list[tuple]:
    with read_session(engine) as s:
        return [
            tuple(r)
            for r in s.execute(
                select(Record.name, Record.pipeline_id, Record.stage_id, Record.amount, Record.close_date)
                .where(Record.object_type == "deal")
                .order_by(Record.name)
            ).all()
        ]


def test_deals_find_their_pipeline_and_stage_by_name_start_in_the_first_stage_and_link_companies(db):
    admin = new_admin(db)
    ids = _two_companies(db, admin)
    stage = _deal_pipelines(db)
    rows = [
        ["Record ID", "Deal Name", "Pipeline", "Deal Stage", "Amount", "Close Date", "Associated Company IDs"],
        ["d1", "Big deal", "renewals", "RENEWED", "1,000", "12/31/2026", "9001"],
        ["d2", "No stage", "", "", "5", "", "9002;9001"],
        ["d3", "Lost", "Sales", "Lost", "", "", ""],
        ["d4", "Proposal", "", "proposal", "", "", ""],
    ]
    done = run(db, admin, csv_bytes(rows), "deal")
    assert (done.created, done.skipped) == (3, 1)
    assert skipped(db, done.id) == {4: "Stage: There is no stage named “Lost” in this pipeline."}
    renewals = stage["Renewals/Renewed"]
    with read_session(db) as s:
        renewals_id = s.scalar(select(Pipeline.id).where(Pipeline.name == "Renewals"))
    assert deals(db) == [
        ("Big deal", renewals_id, renewals, 1000.0, date(2026, 12, 31)),
        ("No stage", stage["Sales"], stage["Sales/Lead"], 5.0, None),
        ("Proposal", stage["Sales"], stage["Sales/Proposal"], None, None),
    ]
    assert linked(db, "deal") == {
        "Big deal": {("company", ids["Acme"])},
        "No stage": {("company", ids["Acme"]), ("company", ids["Globex"])},
    }
    again = run(db, admin, csv_bytes(rows), "deal")
    assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 3, 1)


def linked(engine, object_type: str) -> dict[str, set[tuple[str, int]]]:
    """{record name: {(other type, other id)}} of the links of records of `object_type`."""
    with read_session(engine) as s:
        found: dict[str, set] = {}
        for a in s.scalars(select(Association)):
            for mine, other in (
                ((a.from_type, a.from_id), (a.to_type, a.to_id)),
                ((a.to_type, a.to_id), (a.from_type, a.from_id)),
            ):
                if mine[0] == object_type:
                    found.setdefault(_name(s, *mine), set()).add(other)
        return found


def _name(s, object_type: str, record_id: int) -> str:
    return record_name(s, object_type, record_id)


def test_tasks_take_title_due_date_status_assignee_and_links_to_companies_contacts_and_deals(db):
    admin = new_admin(db)
    anna = new_admin(db, name="Anna Berg", email="anna@example.com")
    ids = _two_companies(db, admin)
    run(db, admin, csv_bytes([["Record ID", "Email"], ["c1", "ann@acme.com"]]), "contact")
    _deal_pipelines(db)
    run(db, admin, csv_bytes([["Record ID", "Deal Name"], ["d1", "Big deal"]]), "deal")
    with read_session(db) as s:
        contact = s.scalar(select(Contact.id))
        deal = s.scalar(select(Record.id).where(Record.object_type == "deal"))
    rows = [
        [
            "Task Title",
            "Due Date",
            "Task Status",
            "Assigned To",
            "Associated Company IDs",
            "Associated Contact IDs",
            "Associated Deal IDs",
        ],
        ["Call Ann", "12/31/2026 14:30", "In progress", "anna@example.com", "9001", "c1", "d1"],
        ["Send offer", "", "", "", "9002", "", ""],
        ["Nobody's", "", "Done-ish", "", "", "", ""],
    ]
    done = run(db, admin, csv_bytes(rows), "task")
    assert (done.created, done.skipped) == (2, 1), skipped(db, done.id)
    assert skipped(db, done.id) == {4: "Status: “Done-ish” is not one of its options."}
    with read_session(db) as s:
        tasks = s.execute(select(Task.title, Task.due_at, Task.status, Task.assignee_id).order_by(Task.title)).all()
    assert [(t, d and d.replace(tzinfo=None), st, a) for t, d, st, a in tasks] == [
        ("Call Ann", datetime(2026, 12, 31, 14, 30), "in_progress", anna.id),
        ("Send offer", None, "not_started", None),
    ]
    assert linked(db, "task") == {
        "Call Ann": {("company", ids["Acme"]), ("contact", contact), ("deal", deal)},
        "Send offer": {("company", ids["Globex"])},
    }


# --- updates ----------------------------------------------------------------------------------


def _history(engine, object_type="company") -> list[tuple]:
    with read_session(engine) as s:
        return [
            tuple(r)
            for r in s.execute(
                select(
                    PropertyHistory.object_id,
                    PropertyHistory.property,
                    PropertyHistory.old_value,
                    PropertyHistory.new_value,
                    PropertyHistory.source,
                    PropertyHistory.import_id,
                )
                .where(PropertyHistory.object_type == object_type)
                .order_by(PropertyHistory.id)
            ).all()
        ]


def test_updates_are_written_with_history_from_the_import_and_unchanged_values_write_nothing(db):
    admin = new_admin(db)
    ids = _two_companies(db, admin)
    with read_session(db) as s:
        versions = dict(s.execute(select(Company.id, Company.version)).all())
    before = _history(db)
    rows = [
        ["Record ID", "Company name", "Annual Revenue", "City", "Create Date"],
        ["9001", "Acme", "2,000", "Aarhus", "2020-01-01"],  # arr and city change; the create date is not updated
        ["9002", "Globex", "300", "", ""],  # nothing changes
    ]
    done = run(db, admin, csv_bytes(rows))
    assert (done.updated, done.unchanged) == (1, 1)
    acme, globex = ids["Acme"], ids["Globex"]
    assert _history(db)[len(before) :] == [
        (acme, "arr", "1200.5", "2000", "import", done.id),
        (acme, "city", None, "Aarhus", "import", done.id),
    ]
    with read_session(db) as s:
        after = dict(s.execute(select(Company.id, Company.version)).all())
        created = s.scalar(select(Company.created_at).where(Company.id == acme))
    assert (after[acme], after[globex]) == (versions[acme] + 1, versions[globex])
    assert created.replace(tzinfo=None) == datetime(2024, 5, 1, 9, 30)


def test_blank_cells_leave_stored_values_alone(db):
    admin = new_admin(db)
    _two_companies(db, admin)
    before = state(db)
    rows = [["Record ID", "Company name", "Company Domain Name", "Annual Revenue"], ["9001", "", " ", ""]]
    done = run(db, admin, csv_bytes(rows))
    assert (done.updated, done.unchanged, done.skipped) == (0, 1, 0)
    assert state(db) == before


def test_reimporting_contacts_deals_and_tasks_changes_nothing(db):
    admin = new_admin(db, email="anna@example.com")
    _two_companies(db, admin)
    _deal_pipelines(db)
    files = [
        (
            "contact",
            [
                ["Record ID", "Email", "First Name", "Contact owner", "Associated Company IDs"],
                ["c1", "a@acme.com", "Ann", "anna@example.com", "9001;9002"],
            ],
        ),
        (
            "deal",
            [
                ["Record ID", "Deal Name", "Deal Stage", "Amount", "Associated Company IDs", "Associated Contact IDs"],
                ["d1", "Big", "Won", "1.5", "9001", "c1"],
            ],
        ),
        ("task", [["Record ID", "Task Title", "Due Date", "Associated Deal IDs"], ["t1", "Call", "1/2/2027", "d1"]]),
    ]
    for object_type, rows in files:
        first = run(db, admin, csv_bytes(rows), object_type)
        assert (first.created, first.skipped) == (1, 0), skipped(db, first.id)
    before = state(db)
    for object_type, rows in files:
        again = run(db, admin, csv_bytes(rows), object_type)
        assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 1, 0), object_type
    assert state(db) == before


def test_contacts_link_to_companies_by_name_also_with_letters_beyond_ascii(db):
    admin = new_admin(db)
    ids = write(db, lambda s: {n: make_company(s, name=n).id for n in ("Ærø Æbler ApS", "Łódź Sp. z o.o.", "Acme")})
    rows = [
        ["Email", "Associated Company"],
        ["a@aeroe.dk", "Ærø Æbler ApS"],
        ["b@lodz.pl", " Łódź  Sp. z o.o."],
        ["c@acme.com", "ACME;Ærø Æbler ApS"],
        ["d@x.com", "Nobody Inc"],
    ]
    done = run(db, admin, csv_bytes(rows), "contact")
    assert (done.created, done.skipped) == (3, 1)
    assert skipped(db, done.id) == {5: "No company is named “Nobody Inc”."}
    assert linked(db, "contact") == {
        "a@aeroe.dk": {("company", ids["Ærø Æbler ApS"])},
        "b@lodz.pl": {("company", ids["Łódź Sp. z o.o."])},
        "c@acme.com": {("company", ids["Acme"]), ("company", ids["Ærø Æbler ApS"])},
    }


def test_a_row_naming_its_companies_by_id_is_not_refused_for_a_name_two_companies_share(db):
    admin = new_admin(db)
    ids = write(db, lambda s: [make_company(s, name="Acme", domain=d).id for d in ("acme.com", "acme.dk")])
    rows = [
        ["Email", "Associated Company", "Associated Company IDs"],
        ["a@acme.com", "Acme", str(ids[1])],
        ["b@acme.com", "Acme", ""],
    ]
    done = run(db, admin, csv_bytes(rows), "contact")
    assert (done.created, done.skipped) == (1, 1)
    assert skipped(db, done.id) == {3: "Several companies are named “Acme”."}
    assert linked(db, "contact") == {"a@acme.com": {("company", ids[1])}}


def test_a_new_deal_without_a_stage_starts_in_the_first_stage_as_the_board_orders_them(db):
    admin = new_admin(db)

    def make(s):
        pipeline = make_pipeline(s, "deal", "Sales", stages=("Won", "Lead"))
        won, lead = stages_of(s, pipeline)
        won.display_order, lead.display_order = 1, 0  # moved: Lead is first now
        return lead.id

    lead = write(db, make)
    done = run(db, admin, csv_bytes([["Deal Name"], ["New deal"]]), "deal")
    assert done.created == 1
    assert [d[2] for d in deals(db)] == [lead]


def test_new_rows_with_other_record_ids_but_one_domain_or_email_become_one_record(db):
    admin = new_admin(db)
    rows = [
        ["Record ID", "Company name", "Company Domain Name"],
        ["s1", "Acme", "acme.com"],
        ["s2", "Acme Inc", "ACME.com"],
    ]
    done = run(db, admin, csv_bytes(rows))
    assert (done.created, done.unchanged, done.skipped) == (1, 1, 0)
    assert companies(db, "domain") == [("Acme Inc", "acme.com")]
    contacts = [["Record ID", "Email", "First Name"], ["c1", "ann@acme.com", "Ann"], ["c2", "Ann@Acme.com", ""]]
    assert run(db, admin, csv_bytes(contacts), "contact").created == 1
    with read_session(db) as s:
        kept = s.execute(select(SourceId.object_type, SourceId.source_id, SourceId.record_id)).all()
        acme, ann = s.scalar(select(Company.id)), s.scalar(select(Contact.id))
    assert sorted(kept) == [
        ("company", "s1", acme),
        ("company", "s2", acme),
        ("contact", "c1", ann),
        ("contact", "c2", ann),
    ]
