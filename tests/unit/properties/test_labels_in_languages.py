"""Property labels, option lists, built-in view names and filter sentences read in the
reader's language; what admins typed stays as typed; names and option values stay codes."""

from cslib import i18n, views
from cslib.filters import FilterError, describe, validate
from cslib.models import PropertyDefinition
from cslib.properties import properties_for, shown_labels
from tests.factories import make_actor, make_object_type, make_workspace


def test_standard_labels_follow_the_language_and_a_switch_in_one_session_is_not_stale(session):
    make_object_type(session, "company")
    session.add(
        PropertyDefinition(
            object_type="company",
            name="tier",
            label="Tier",
            type="enumeration",
            options=[{"value": "gold", "label": "Gold"}],
            group_name="Information",
        )
    )
    session.flush()
    with i18n.use("da"):
        da = properties_for(session, "company")
    with i18n.use("pl"):
        pl = properties_for(session, "company")
    en = properties_for(session, "company")
    assert (en["name"].label, da["name"].label, pl["name"].label) == ("Company name", "Virksomhedsnavn", "Nazwa firmy")
    assert da["lifecycle_stage"].option_label("customer") == "Kunde"
    assert pl["health_category"].option_label("at_risk") == "Zagrożeni"
    assert (da["arr"].group, pl["arr"].group) == ("Indtægter", "Przychody")
    assert pl["assigned_at:owner_id"].label == "Właściciel firmy – data przypisania"
    # An admin's property keeps its label and options; its default group reads like the others.
    assert (pl["tier"].label, pl["tier"].option_label("gold"), pl["tier"].group) == ("Tier", "Gold", "Informacje")
    assert list(da) == list(en) and da["lifecycle_stage"].option_values == en["lifecycle_stage"].option_values


def test_a_records_name_is_not_a_persons_name_in_polish(session):
    with i18n.use("pl"):
        assert properties_for(session, "project")["name"].label == "Nazwa"


def test_built_in_object_labels_are_translated_and_an_admins_own_stay():
    with i18n.use("da"):
        assert shown_labels("company", "Company", "Companies") == ("Virksomhed", "Virksomheder")
        assert shown_labels("company", "Account", "Accounts") == ("Account", "Accounts")
        assert shown_labels("onboarding", "Onboarding", "Onboardings") == ("Onboarding", "Onboardings")


def test_built_in_views_show_their_name_in_the_readers_language(session):
    make_workspace(session)
    views.ensure_builtin_views(session, "company")
    actor = make_actor(session)
    with i18n.use("pl"):
        shown = {v.builtin_key: (v.name, v.default_description) for v in views.list_views(session, actor, "company")}
    assert shown["owned_by_me"] == ("Należące do mnie", "Klienci, których jesteś właścicielem")
    assert {v.name for v in views.list_views(session, actor, "company")} >= {"Owned by me"}


def test_filters_describe_and_refuse_in_the_readers_language(session):
    flt = {
        "all": [
            {"property": "owner_id", "operator": "in", "value": ["me"]},
            {"property": "created_at", "operator": "in_last", "value": {"amount": 2, "unit": "weeks"}},
            {"property": "arr", "operator": "gt", "value": 1500},
        ]
    }
    with i18n.use("pl"):
        props = properties_for(session, "company")
        assert describe(flt, props, {}) == (
            "Właściciel firmy ma jedną z wartości: ja oraz Data utworzenia: w ciągu ostatnich 2 tygodni"
            " oraz Roczny przychód cykliczny (ARR): powyżej 1\xa0500"
        )
    with i18n.use("da"):
        props = properties_for(session, "company")
        assert describe(flt, props, {}).endswith("er større end 1.500")
        try:
            validate({"property": "name", "operator": "eq", "value": ""}, props)
        except FilterError as exc:
            assert str(exc) == "Angiv en værdi for Virksomhedsnavn"
        else:
            raise AssertionError("an empty value was accepted")
