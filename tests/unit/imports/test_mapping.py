"""Which property or association each column of an import file fills (issue 17): guessed
from the headers of the original CRM's exports, Salesforce files and our own exports, in
every language, and refused with a clear message when it cannot be imported."""

from __future__ import annotations

import pytest

from cslib import i18n
from cslib.errors import ValidationError
from cslib.exports import plan_columns
from cslib.imports.aliases import (
    ADDITIONAL_DOMAINS,
    COMPANY_DOMAIN,
    COMPANY_IDS,
    COMPANY_NAMES,
    CONTACT_IDS,
    DEAL_IDS,
    RECORD_ID,
    SKIP,
    Target,
)
from cslib.imports.mapping import check_mapping, choices, guess_mapping, target_label
from cslib.models import PropertyDefinition
from cslib.properties import ensure_builtin_object_types


def P(name: str) -> Target:  # noqa: N802 - reads like the target it builds
    return Target("property", name)


def guessed(session, object_type: str, expected: dict[str, Target]) -> dict[str, Target]:
    return dict(zip(expected, guess_mapping(session, object_type, list(expected)), strict=True))


def assert_guesses(session, object_type: str, expected: dict[str, Target]) -> None:
    assert guessed(session, object_type, expected) == expected


@pytest.fixture(autouse=True)
def object_types(session):
    """The rows of the built-in object types, which custom properties refer to."""
    ensure_builtin_object_types(session)


@pytest.fixture
def deal_customs(session):
    """The demo's custom deal properties."""
    session.add(PropertyDefinition(object_type="deal", name="deal_type", label="Deal type", type="string"))
    lost = PropertyDefinition(object_type="deal", name="closed_lost_reason", label="Closed lost reason", type="string")
    session.add(lost)
    session.flush()


# --- the original CRM's exports ---------------------------------------------------------


def test_crm_companies_export_maps_every_column(session):
    assert_guesses(
        session,
        "company",
        {
            "Record ID": RECORD_ID,
            "Company name": P("name"),
            "Company Domain Name": P("domain"),
            "Company owner": P("owner_id"),
            "Create Date": P("created_at"),
            "Last Activity Date": P("last_activity_at"),
            "Lifecycle Stage": P("lifecycle_stage"),
            "Annual Revenue": P("arr"),
            "Industry": P("industry"),
            "City": P("city"),
            "Country/Region": P("country"),
            "Phone Number": P("phone"),
            "Number of Employees": P("employees"),
            "Time Zone": SKIP,
            "Associated Contact": SKIP,
            "Associated Contact IDs": SKIP,
        },
    )


def test_crm_contacts_export_maps_its_three_association_columns(session):
    assert_guesses(
        session,
        "contact",
        {
            "Record ID": RECORD_ID,
            "First Name": P("first_name"),
            "Last Name": P("last_name"),
            "Email": P("email"),
            "Phone Number": P("phone"),
            "Job Title": P("job_title"),
            "Contact owner": P("owner_id"),
            "Create Date": P("created_at"),
            "Last Activity Date": P("last_activity_at"),
            "Lifecycle Stage": P("lifecycle_stage"),
            "Associated Company IDs (Primary)": SKIP,  # the full list below wins
            "Associated Company": COMPANY_NAMES,
            "Associated Company IDs": COMPANY_IDS,
        },
    )


def test_primary_association_column_is_used_when_it_is_the_only_one(session):
    headers = ["Email", "Associated Company IDs (Primary)", "Associated Company (Primary)"]
    assert guess_mapping(session, "contact", headers) == [P("email"), COMPANY_IDS, COMPANY_NAMES]


def test_primary_is_ignored_only_on_association_columns(session):
    assert guess_mapping(session, "contact", ["Email (Primary)", "Contact owner (Primary)"]) == [SKIP, SKIP]


def test_crm_contact_company_name_gives_way_to_the_associated_company(session):
    headers = ["Company Name", "Email", "Associated Company"]
    assert guess_mapping(session, "contact", headers) == [SKIP, P("email"), COMPANY_NAMES]
    assert guess_mapping(session, "contact", ["Company Name", "Company Domain Name"]) == [COMPANY_NAMES, COMPANY_DOMAIN]


def test_crm_deals_export_maps_every_column(session, deal_customs):
    assert_guesses(
        session,
        "deal",
        {
            "Record ID": RECORD_ID,
            "Deal Name": P("name"),
            "Pipeline": P("pipeline_id"),
            "Deal Stage": P("stage_id"),
            "Amount": P("amount"),
            "Close Date": P("close_date"),
            "Deal owner": P("owner_id"),
            "Create Date": P("created_at"),
            "Deal Type": P("deal_type"),
            "Closed Lost Reason": P("closed_lost_reason"),
            "Associated Company": COMPANY_NAMES,
            "Associated Company IDs": COMPANY_IDS,
            "Associated Contact": SKIP,
            "Associated Contact IDs": CONTACT_IDS,
        },
    )


def test_crm_tasks_export_maps_every_column(session):
    assert_guesses(
        session,
        "task",
        {
            "Record ID": RECORD_ID,
            "Task Title": P("title"),
            "Due Date": P("due_at"),
            "Task Status": P("status"),
            "Priority": P("priority"),
            "Task Type": P("type"),
            "Assigned To": P("assignee_id"),
            "Notes": P("notes"),
            "Completed at": SKIP,  # read-only
            "Associated Company IDs": COMPANY_IDS,
            "Associated Contact IDs": CONTACT_IDS,
            "Associated Deal IDs": DEAL_IDS,
        },
    )
    assert guess_mapping(session, "task", ["Subject"]) == [P("title")]


# --- Salesforce -------------------------------------------------------------------------


def test_salesforce_account_report_and_data_loader(session):
    report = {
        "Account ID": RECORD_ID,
        "Account Name": P("name"),
        "Account Owner": P("owner_id"),
        "Website": P("domain"),
        "Billing Country": P("country"),
        "Billing City": P("city"),
        "Phone": P("phone"),
        "Industry": P("industry"),
        "Employees": P("employees"),
        "Annual Revenue": P("arr"),
    }
    loader = {
        "Id": RECORD_ID,
        "Name": P("name"),
        "OwnerId": P("owner_id"),
        "Website": P("domain"),
        "AnnualRevenue": P("arr"),
        "CreatedDate": P("created_at"),
        "BillingCountry": P("country"),
        "BillingCity": P("city"),
        "NumberOfEmployees": P("employees"),
        "Phone": P("phone"),
        "Industry": P("industry"),
    }
    assert_guesses(session, "company", report)
    assert_guesses(session, "company", loader)


def test_salesforce_contacts_report_and_data_loader(session):
    assert_guesses(
        session,
        "contact",
        {
            "First Name": P("first_name"),
            "Last Name": P("last_name"),
            "Email": P("email"),
            "Title": P("job_title"),
            "Contact Owner": P("owner_id"),
            "Account Name": COMPANY_NAMES,
            "Account ID": COMPANY_IDS,
        },
    )
    assert_guesses(
        session,
        "contact",
        {
            "Id": RECORD_ID,
            "FirstName": P("first_name"),
            "LastName": P("last_name"),
            "Email": P("email"),
            "Title": P("job_title"),
            "OwnerId": P("owner_id"),
            "AccountId": COMPANY_IDS,
            "CreatedDate": P("created_at"),
        },
    )


def test_salesforce_opportunities_report_and_data_loader(session):
    assert_guesses(
        session,
        "deal",
        {
            "Opportunity Name": P("name"),
            "Stage": P("stage_id"),
            "Close Date": P("close_date"),
            "Amount": P("amount"),
            "Opportunity Owner": P("owner_id"),
            "Account Name": COMPANY_NAMES,
        },
    )
    assert_guesses(
        session,
        "deal",
        {
            "Id": RECORD_ID,
            "Name": P("name"),
            "StageName": P("stage_id"),
            "CloseDate": P("close_date"),
            "Amount": P("amount"),
            "OwnerId": P("owner_id"),
            "AccountId": COMPANY_IDS,
        },
    )


def test_salesforce_task_data_loader(session):
    headers = ["Id", "Subject", "ActivityDate", "Status", "Priority", "OwnerId"]
    expected = [RECORD_ID, P("title"), P("due_at"), P("status"), P("priority"), P("assignee_id")]
    assert guess_mapping(session, "task", headers) == expected


# --- our own exports --------------------------------------------------------------------

ALL = {"properties": "all_associations", "all_domains": True}
# What each export column comes back as (an ID column of an object the import does not
# associate, e.g. a company's contacts, is not imported).
ASSOCIATIONS_BACK = {
    "company": {},
    "contact": {("company", "ids"): COMPANY_IDS, ("company", "names"): COMPANY_NAMES},
    "deal": {("company", "ids"): COMPANY_IDS, ("company", "names"): COMPANY_NAMES, ("contact", "ids"): CONTACT_IDS},
    "task": {("company", "ids"): COMPANY_IDS, ("company", "names"): COMPANY_NAMES, ("contact", "ids"): CONTACT_IDS},
}


def expected_back(column, object_type: str) -> Target:
    if column.kind == "domains":
        return ADDITIONAL_DOMAINS
    if column.kind != "property":
        if (column.other_type, column.kind) == ("deal", "ids") and object_type == "task":
            return DEAL_IDS
        return ASSOCIATIONS_BACK[object_type].get((column.other_type, column.kind), SKIP)
    spec = column.spec
    if spec.name == "id":
        return RECORD_ID
    if spec.readonly and spec.name not in ("created_at", "last_activity_at"):
        return SKIP
    return P(spec.name)


@pytest.mark.parametrize("language", ["en", "da", "pl"])
@pytest.mark.parametrize("object_type", ["company", "contact", "deal", "task"])
def test_our_own_export_maps_back_in_every_language(session, deal_customs, object_type, language):
    columns = plan_columns(session, object_type, ALL, language)
    mapping = guess_mapping(session, object_type, [c.header for c in columns])
    assert mapping == [expected_back(c, object_type) for c in columns]
    writable = [t for t in mapping if t.kind == "property" and t.name not in ("created_at", "last_activity_at")]
    assert len(writable) >= 3


def test_our_company_export_in_danish_reads_as_the_user_sees_it(session):
    headers = ["Post-id", "Virksomhedsnavn", "Virksomhedens domænenavn", "Yderligere domæner", "Sundhedsscore"]
    assert guess_mapping(session, "company", headers) == [RECORD_ID, P("name"), P("domain"), ADDITIONAL_DOMAINS, SKIP]


def test_our_contact_export_in_polish_reads_as_the_user_sees_it(session):
    headers = ["Identyfikator rekordu", "Imię", "Nazwisko", "E-mail", "Stanowisko", "Właściciel kontaktu"]
    headers += ["Powiązany rekord: Firma", "Identyfikatory powiązanych rekordów: Firma"]
    expected = [RECORD_ID, P("first_name"), P("last_name"), P("email"), P("job_title"), P("owner_id")]
    assert guess_mapping(session, "contact", headers) == [*expected, COMPANY_NAMES, COMPANY_IDS]


# --- labels, names and spelling ---------------------------------------------------------


def test_internal_names_and_labels_in_every_language(session):
    headers = ["renewal_date", "owner_id", "Årlig tilbagevendende indtægt (ARR)", "Data odnowienia", "nps"]
    assert guess_mapping(session, "company", headers) == [
        P("renewal_date"),
        P("owner_id"),
        P("arr"),
        SKIP,  # renewal_date is already filled by the first column
        P("nps"),
    ]


def test_a_companys_name_and_domain_labels_link_contacts_and_deals(session):
    headers = ["Virksomhedens domænenavn", "Nazwa firmy"]
    assert guess_mapping(session, "contact", headers) == [COMPANY_DOMAIN, COMPANY_NAMES]
    assert guess_mapping(session, "deal", ["Domena firmy"]) == [COMPANY_DOMAIN]


def test_custom_property_labels_as_stored(session):
    session.add(PropertyDefinition(object_type="company", name="go_live", label="Go-live dato", type="date"))
    session.flush()
    assert guess_mapping(session, "company", ["go live DATO", "go_live"]) == [P("go_live"), SKIP]


def test_case_spacing_underscores_hyphens_and_unicode_forms_do_not_matter(session):
    headers = ["  COMPANY   name ", "company_domain-name", "\ufeffRecord ID"]
    assert guess_mapping(session, "company", headers) == [P("name"), P("domain"), RECORD_ID]
    decomposed = ["e mail", "Imie\u0328", "W\u0142as\u0301ciciel kontaktu"]  # ę and ś as two code points
    assert guess_mapping(session, "contact", decomposed) == [P("email"), P("first_name"), P("owner_id")]


def test_unknown_headers_and_read_only_properties_are_skipped(session):
    headers = ["Favourite colour", "", "Health score", "health_category", "Health status", "Create date"]
    assert guess_mapping(session, "company", headers) == [SKIP, SKIP, SKIP, SKIP, SKIP, P("created_at")]


def test_a_later_duplicate_is_skipped(session):
    headers = ["Email", "E-mail", "First name", "FirstName", "Record ID", "Id"]
    expected = [P("email"), SKIP, P("first_name"), SKIP, RECORD_ID, SKIP]
    assert guess_mapping(session, "contact", headers) == expected


def test_an_arr_column_wins_over_annual_revenue_wherever_it_stands(session):
    headers = ["Annual Revenue", "Annual recurring revenue"]
    assert guess_mapping(session, "company", headers) == [SKIP, P("arr")]


def test_unknown_object_type_is_refused(session):
    with pytest.raises(ValidationError, match="Only companies, contacts, deals and tasks"):
        guess_mapping(session, "meeting", ["Title"])


# --- choices and labels -----------------------------------------------------------------


def test_choices_offer_skip_record_id_writable_properties_and_the_objects_associations(session):
    company = choices(session, "company")
    assert company[:2] == [SKIP, RECORD_ID]
    assert {P("name"), P("created_at"), P("last_activity_at"), ADDITIONAL_DOMAINS} <= set(company)
    assert not {P("id"), P("health_score"), P("health_category"), COMPANY_IDS} & set(company)
    contact = choices(session, "contact")
    assert contact[-3:] == [COMPANY_IDS, COMPANY_NAMES, COMPANY_DOMAIN]
    assert DEAL_IDS in choices(session, "task") and P("associated") not in choices(session, "task")


def test_target_labels_in_the_readers_language(session):
    shown = [SKIP, RECORD_ID, P("domain"), COMPANY_IDS, COMPANY_NAMES, COMPANY_DOMAIN, Target("new", "Seats")]
    assert [target_label(session, "contact" if t.kind.startswith("company") else "company", t) for t in shown] == [
        "Don't import",
        "Record ID",
        "Company domain name",
        "Associated Company IDs",
        "Associated Company",
        "Associated Company by domain",
        "New property: Seats",
    ]
    with i18n.use("da"):
        assert target_label(session, "company", RECORD_ID) == "Post-id"
        assert target_label(session, "company", ADDITIONAL_DOMAINS) == "Yderligere domæner"
        assert target_label(session, "contact", COMPANY_IDS) == "Tilknyttede id'er: Virksomhed"
        assert target_label(session, "company", SKIP) != "Don't import"


# --- check_mapping ----------------------------------------------------------------------


def test_a_good_mapping_passes(session):
    check_mapping(session, "company", [RECORD_ID, P("name"), SKIP, Target("new", "Seats")])
    check_mapping(session, "contact", [P("email"), COMPANY_IDS])


def test_a_property_chosen_twice_names_both_columns(session):
    with pytest.raises(ValidationError) as caught:
        check_mapping(session, "company", [P("name"), SKIP, P("name")], headers=["Account", "Notes", "Name"])
    assert str(caught.value) == "Columns “Account” and “Name” both fill “Company name”. Map only one of them."
    with pytest.raises(ValidationError, match="Columns 1 and 2 both fill “Company name”"):
        check_mapping(session, "company", [P("name"), P("name")])


def test_two_new_properties_with_one_label_are_refused(session):
    with pytest.raises(ValidationError, match="Columns 2 and 3 both fill"):
        check_mapping(session, "company", [P("name"), Target("new", "Seats"), Target("new", " seats")])


@pytest.mark.parametrize(
    ("object_type", "mapping", "names"),
    [
        ("company", [P("city")], "“Company name”, “Company domain name”, “Record ID”"),
        ("contact", [P("phone"), COMPANY_IDS], "“Email”, “First name”, “Last name”, “Record ID”"),
        ("deal", [P("amount")], "“Deal name”, “Record ID”"),
        ("task", [P("notes")], "“Title”, “Record ID”"),
    ],
)
def test_a_mapping_that_identifies_no_record_says_which_column_to_map(session, object_type, mapping, names):
    with pytest.raises(ValidationError) as caught:
        check_mapping(session, object_type, mapping)
    assert str(caught.value) == (f"Map a column to one of {names}: without one, a new record cannot be told apart.")


def test_record_id_alone_identifies_a_record(session):
    check_mapping(session, "deal", [RECORD_ID, P("amount")])


def test_a_target_another_object_does_not_take_is_refused(session):
    with pytest.raises(ValidationError, match="Column 2 cannot be imported as “company_ids”"):
        check_mapping(session, "company", [P("name"), COMPANY_IDS])
    with pytest.raises(ValidationError, match="Column “Score” cannot be imported as “health_score”"):
        check_mapping(session, "company", [P("name"), P("health_score")], headers=["Name", "Score"])
    with pytest.raises(ValidationError, match="cannot be imported as “first_name”"):
        check_mapping(session, "company", [P("name"), P("first_name")])


def test_a_new_property_needs_a_label_of_its_own(session):
    with pytest.raises(ValidationError, match="Column 2 becomes a new property: give it a name."):
        check_mapping(session, "company", [P("name"), Target("new", "  ")])
    with pytest.raises(ValidationError, match="A property called “city” already exists. Map column 2 to it"):
        check_mapping(session, "company", [P("name"), Target("new", "city")])
    # As the wizard sends them: "type:label".
    with pytest.raises(ValidationError, match="Column 2 becomes a new property: give it a name."):
        check_mapping(session, "company", [P("name"), Target("new", "number: ")])
    with pytest.raises(ValidationError, match="A property called “City” already exists. Map column 2 to it"):
        check_mapping(session, "company", [P("name"), Target("new", "string:City")])


def test_two_new_properties_of_one_label_and_other_types_are_refused(session):
    with pytest.raises(ValidationError, match="Columns 2 and 3 both fill “New property: seats”"):
        check_mapping(session, "company", [P("name"), Target("new", "number:Seats"), Target("new", "string:seats")])


def test_check_messages_come_in_the_readers_language(session):
    with i18n.use("pl"), pytest.raises(ValidationError) as caught:
        check_mapping(session, "deal", [P("amount")])
    assert "„Nazwa transakcji”" in str(caught.value)
    assert "Map a column" not in str(caught.value)
