"""The export download route: the owner gets the file as an attachment, streamed from disk;
anyone else, an unknown or malformed id, and an export that is not ready or has expired get
the same 404; no sign-in leads to the Exports page (which asks to sign in)."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from cslib import exports, users, web
from cslib.config import get_settings
from cslib.db import write_session
from cslib.models import Company, Export, Job, WorkspaceSettings
from tests.factories import PASSWORD, make_user
from tests.unit.notifications.test_mail import mail_settings, smtp_server  # noqa: F401 - fixtures

CONTENT = "Record ID,Company name\r\n1,Acme æøå\r\n".encode("utf-8-sig")


@pytest.fixture
def site(app_database, tmp_path, monkeypatch):
    """Two signed-up users, their session tokens, and a client of the app's routes."""
    monkeypatch.setenv("CS_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    exports.exports_dir().mkdir(parents=True)
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        owner = make_user(s, email="owner@example.com")
        other = make_user(s, email="other@example.com", language="da")
        ids = {"owner": owner.id, "other": other.id}
    with write_session(app_database) as s:
        tokens = {who: users.sign_in(s, f"{who}@example.com", PASSWORD).token for who in ("owner", "other")}
    client = TestClient(Starlette(routes=web.ROUTES, middleware=web.MIDDLEWARE), follow_redirects=False)
    yield app_database, ids, tokens, client
    get_settings.cache_clear()


def _export(engine, user_id: int, *, name="Customers", file_name="Customers.csv", status="ready", days=30, **kw) -> int:
    """An export row as the worker leaves it, with its file on disk (unless `file=False`)."""
    stored = f"{uuid.uuid4().hex}.csv"
    if kw.pop("file", True):
        (exports.exports_dir() / stored).write_bytes(CONTENT)
    now = datetime.now(UTC)
    with write_session(engine) as s:
        row = Export(
            user_id=user_id,
            name=name,
            object_type="company",
            format="csv",
            language="en",
            options={},
            status=status,
            stored_name=stored,
            file_name=file_name,
            row_count=1,
            size_bytes=len(CONTENT),
            finished_at=now,
            expires_at=now + timedelta(days=days),
            **kw,
        )
        s.add(row)
        s.flush()
        return row.id


def _get(client, path: str, token: str | None):
    client.cookies.clear()
    if token:
        client.cookies.set(users.COOKIE_NAME, token)
    return client.get(path)


def test_the_owner_downloads_the_file_as_an_attachment(site):
    engine, ids, tokens, c = site
    export_id = _export(engine, ids["owner"])
    r = _get(c, exports.download_path(export_id), tokens["owner"])
    assert r.status_code == 200 and r.content == CONTENT
    assert r.headers["content-disposition"] == 'attachment; filename="Customers.csv"'
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["cache-control"] == "private, no-store"
    assert r.headers["x-content-type-options"] == "nosniff"  # the security headers still apply


def test_a_non_ascii_name_reaches_the_browser_intact(site):
    engine, ids, tokens, c = site
    export_id = _export(engine, ids["owner"], name="Kunder æøå", file_name="Kunder æøå.csv")
    r = _get(c, exports.download_path(export_id), tokens["owner"])
    assert r.status_code == 200
    assert r.headers["content-disposition"] == "attachment; filename*=utf-8''Kunder%20%C3%A6%C3%B8%C3%A5.csv"


def test_someone_elses_export_is_not_found_like_an_unknown_one(site):
    engine, ids, tokens, c = site
    export_id = _export(engine, ids["owner"])
    theirs = _get(c, exports.download_path(export_id), tokens["other"])
    unknown = _get(c, exports.download_path(export_id + 1000), tokens["other"])
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.text == unknown.text and CONTENT not in theirs.content
    assert theirs.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize("raw", ["abc", "0", "-1", "1.0", "%201", "99999999999999999999999999", "１"])
def test_a_malformed_id_is_not_found(site, raw):
    _engine, _ids, tokens, c = site
    r = _get(c, f"/exports/{raw}/download", tokens["owner"])
    assert r.status_code == 404 and '<a href="/exports">' in r.text


@pytest.mark.parametrize(
    "state",
    [
        {"days": -1},  # its link expired (the worker has not deleted it yet)
        {"status": "expired", "days": -1},
        {"status": "queued", "file": False},
        {"status": "failed", "file": False},
        {"file": False},  # ready, but the file is gone
    ],
)
def test_an_export_that_cannot_be_downloaded_is_not_found(site, state):
    engine, ids, tokens, c = site
    export_id = _export(engine, ids["owner"], **state)
    r = _get(c, exports.download_path(export_id), tokens["owner"])
    assert r.status_code == 404 and CONTENT not in r.content


@pytest.mark.parametrize("token", [None, "not-a-session"])
def test_without_a_session_the_link_leads_to_the_exports_page(site, token):
    engine, ids, _tokens, c = site
    export_id = _export(engine, ids["owner"])
    r = _get(c, exports.download_path(export_id), token)
    assert r.status_code == 303 and r.headers["location"] == "/exports"
    assert CONTENT not in r.content


def test_a_signed_out_session_no_longer_downloads(site):
    engine, ids, tokens, c = site
    export_id = _export(engine, ids["owner"])
    with write_session(engine) as s:
        users.sign_out(s, tokens["owner"])
    r = _get(c, exports.download_path(export_id), tokens["owner"])
    assert r.status_code == 303 and r.headers["location"] == "/exports"


def test_the_not_found_page_is_in_the_readers_language(site):
    engine, ids, tokens, c = site
    r = _get(c, exports.download_path(12345), tokens["other"])  # "other" reads Danish
    assert r.status_code == 404 and "Gå til dine eksporter" in r.text


def test_the_lookup_runs_off_the_event_loop(site, monkeypatch):
    engine, ids, tokens, c = site
    export_id = _export(engine, ids["owner"])
    seen = []
    real = users.actor_for_token

    def spy(*args, **kwargs):
        seen.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(users, "actor_for_token", spy)
    assert _get(c, exports.download_path(export_id), tokens["owner"]).status_code == 200
    assert len(seen) == 1 and seen[0].startswith("AnyIO worker thread")


def test_the_ready_emails_link_downloads_the_built_file_for_its_owner_only(site, smtp_server):  # noqa: F811
    """End to end: an export built by the worker notifies its user, the e-mail carries the
    absolute download link, and that link serves the file to its owner and to no one else."""
    import re

    from cslib import jobs
    from cslib.users import get_actor

    engine, ids, tokens, c = site
    with write_session(engine) as s:
        owner = get_actor(s, ids["owner"])
        s.add(Company(name="Acme æøå", domain="acme.example", created_at=datetime.now(UTC)))
        export_id = exports.request_export(
            s, owner, "company", exports.ExportOptions(name="Mailed"), filters=[], columns=["name"], sort=[]
        )
    exports.build_export(engine, export_id)
    with write_session(engine) as s:
        email_job = s.scalars(select(Job).where(Job.kind == "notifications.email")).one()
    assert jobs.get_handler("notifications.email")(engine, email_job.payload) == {"sent": True}
    [(_sender, recipients, message)] = smtp_server.received
    assert recipients == ["owner@example.com"] and "Mailed" in message["Subject"]
    link = re.search(r"https://cs\.example\.com(/exports/\d+/download)", message.get_content()).group(1)
    assert link == exports.download_path(export_id)
    r = _get(c, link, tokens["owner"])
    assert r.status_code == 200
    assert r.content.decode("utf-8-sig").splitlines()[1].endswith(",Acme æøå")
    assert _get(c, link, tokens["other"]).status_code == 404
