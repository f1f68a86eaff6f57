"""Health scores and alerts in Danish and Polish through AppTest: Settings › Health scores
(the list and the editor with its preview), Actions → Alerts with an alert's panel, and
the Overview's health score summary and Alerts card draw in the reader's language (the
`language` the user picked) without an exception."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib import i18n, users
from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import write_session
from cslib.models import User, WorkspaceSettings, utcnow
from cslib.permissions import Actor
from tests.app.signed_in import markdown, plain, run_as
from tests.factories import make_alert, make_company, make_health_profile, make_health_score, make_user

HOME = str(PROJECT_ROOT / "Home.py")
ACTIONS = str(PROJECT_ROOT / "pages" / "actions.py")
SETTINGS = str(PROJECT_ROOT / "pages" / "settings.py")
DAY = timedelta(days=1)

# What each page must show, per language: words of the glossary.
WORDS = {
    "da": {
        "settings": ("Sundhedsscores", "+ Opret profil"),
        "editor": ("Gem og slå til", "Statustærskler", "I risikozonen", "Sund"),
        "alerts": ("Advarsler", "**2 advarsler**", "Advarselsfase"),
        "panel": ("**Ny**", "Kvitter", "Advarslen er kvitteret."),
        "overview": ("Sundhedsscoreoversigt", "Gennemsnitsscore", "Scorefordeling", "udløst for 2 dage siden"),
    },
    "pl": {
        "settings": ("Oceny kondycji", "+ Utwórz profil"),
        "editor": ("Zapisz i włącz", "Progi stanu", "Zagrożeni", "Zdrowi"),
        "alerts": ("Alerty", "**2 alerty**", "Etap alertu"),
        "panel": ("**Nowy**", "Potwierdź odbiór", "Potwierdzono odbiór alertu."),
        "overview": ("Podsumowanie ocen kondycji", "Średnia ocena", "Rozkład ocen", "utworzono 2 dni temu"),
    },
}


@pytest.fixture
def db(app_database):
    """An admin and a CSM; an active profile scoring four of the CSM's customers, two of
    them with an alert."""
    now = utcnow()
    ids = {}
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        profile = make_health_profile(s, name="Customer health")
        for name, score, category in (("Acme Corp", 35.0, "at_risk"), ("Beta Ltd", 80.0, "healthy")):
            company = make_company(s, name=name, owner_id=csm.id, nps=3)
            make_health_score(s, profile, company, score, category)
            ids[name] = make_alert(s, company, profile, raised_at=now - 2 * DAY).id
        for score, category in ((55.0, "neutral"), (90.0, "healthy")):
            make_health_score(s, profile, make_company(s, owner_id=csm.id, nps=8), score, category)
    prepare(app_database, get_settings())
    return app_database, ids


def _speak(engine, email: str, language: str) -> None:  # noqa: ANN001
    with write_session(engine) as s:
        actor = Actor.from_user(s.scalar(select(User).where(User.email == email)))
        users.set_own_language(s, actor, language)


def _open(engine, script: str, email: str, language: str, **params: str) -> AppTest:  # noqa: ANN001
    _speak(engine, email, language)
    at = run_as(engine, email, AppTest.from_file(script, default_timeout=60), **params)
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    """Every label and text on the page, one per line."""
    parts = [markdown(at)]
    parts += [e.value for kind in ("title", "subheader", "caption", "info", "success", "error") for e in at.get(kind)]
    parts += [b.label for b in at.button] + [w.label for w in at.number_input] + [m.label for m in at.metric]
    parts += [w.label for w in at.multiselect] + [w.label for w in at.selectbox]
    parts += [h.proto.body for h in at.html]
    parts += [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    parts += [plain(t.value) for t in at.toast]
    return "\n".join(parts)


def _click(at: AppTest, key: str, language: str) -> AppTest:
    """Click in the reader's language: AppTest formats the page's options with the page's
    own format_func in the test's thread, which must read the same language."""
    with i18n.use(language):
        at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def _has_all(at: AppTest, words: tuple[str, ...]) -> None:
    text = _texts(at)
    assert [w for w in words if w not in text] == []


@pytest.mark.parametrize("language", ["da", "pl"])
def test_settings_health_scores_in_the_readers_language(db, language):
    engine, _ = db
    at = _open(engine, SETTINGS, "admin@example.com", language)
    _has_all(at, WORDS[language]["settings"])
    _has_all(_click(at, "hs_create", language), WORDS[language]["editor"])
    # A refused save reads in the language too.
    _click(at, "hs_w_save", language)
    refusal = {"da": "Profilnavnet må ikke være tomt.", "pl": "Nazwa profilu nie może być pusta."}[language]
    assert refusal in [plain(e.value) for e in at.error]


@pytest.mark.parametrize("language", ["da", "pl"])
def test_actions_alerts_and_the_panel_in_the_readers_language(db, language):
    engine, ids = db
    at = _open(engine, ACTIONS, "csm@example.com", language, tab="alerts")
    _has_all(at, WORDS[language]["alerts"])
    assert at.segmented_control[0].value == "alerts"  # option values stay codes
    frame = at.dataframe[0].value
    assert set(frame["to"]) == {"● " + WORDS[language]["editor"][2]}  # At risk, in words of the glossary
    at = _open(engine, ACTIONS, "csm@example.com", language, tab="alerts", alert=str(ids["Acme Corp"]))
    stage, acknowledge, done = WORDS[language]["panel"]
    _has_all(at, (stage, acknowledge))
    _has_all(_click(at, f"alert_panel:{ids['Acme Corp']}:ack", language), (done,))


@pytest.mark.parametrize("language", ["da", "pl"])
def test_the_overview_health_and_alerts_cards_in_the_readers_language(db, language):
    engine, _ = db
    at = _open(engine, HOME, "csm@example.com", language)
    _has_all(at, WORDS[language]["overview"])
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert charts and all(c["layout"]["separators"][0] == "," for c in charts)  # decimal comma
    assert all(json.loads(c.proto.config).get("locale") == language for c in at.get("plotly_chart"))
