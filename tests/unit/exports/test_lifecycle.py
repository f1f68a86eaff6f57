"""An export's life: queued, built by the worker (also after a worker is killed mid-file),
downloaded by its owner only, expired on day 30."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from cslib import exports
from cslib.db import read_session
from cslib.errors import NotFound
from cslib.models import Export, Job
from cslib.worker import queue
from tests.factories import make_company
from tests.unit.exports.conftest import read_csv, write
from tests.unit.exports.helpers import built, new_actor, request

ROOT = Path(__file__).resolve().parents[3]


def test_another_user_cannot_download_an_export_even_by_its_id(db):
    me, other = new_actor(db), new_actor(db)
    write(db, lambda s: make_company(s, name="Acme"))
    mine = built(db, me)
    export_id = write(db, lambda s: s.scalars(select(Export.id)).one())
    with read_session(db) as s:
        assert exports.download_file(s, me, export_id).path == mine.path
        for guess in (export_id, str(export_id), export_id + 1, "../1", "1 OR 1=1", None):
            with pytest.raises(NotFound):
                exports.download_file(s, other, guess)
        assert exports.list_exports(s, other) == []


def test_a_queued_export_is_listed_and_has_no_download_until_it_is_built(db):
    me = new_actor(db)
    export_id = request(db, me, name="Later")
    with read_session(db) as s:
        (info,) = exports.list_exports(s, me)
        assert (info.id, info.name, info.status, info.download_path) == (export_id, "Later", "queued", None)
        with pytest.raises(NotFound):
            exports.download_file(s, me, export_id)


def test_the_file_expires_on_day_30(db):
    me = new_actor(db)
    write(db, lambda s: make_company(s, name="Acme"))
    file = built(db, me)
    with read_session(db) as s:
        export = s.scalars(select(Export)).one()
        finished, export_id = export.finished_at, export.id
    assert exports.expire_exports(db, now=finished + timedelta(days=29, hours=23))["expired"] == 0
    assert file.path.is_file()
    day_30 = finished + timedelta(days=30)
    with read_session(db) as s:
        assert exports.list_exports(s, me, now=day_30)[0].status == "expired"  # at once, before the job runs
        with pytest.raises(NotFound):
            exports.download_file(s, me, export_id, now=day_30)
    assert exports.expire_exports(db, now=day_30)["expired"] == 1
    assert not file.path.exists()
    with read_session(db) as s:
        assert exports.list_exports(s, me)[0].status == "expired"


def test_an_export_whose_job_gave_up_is_marked_failed(db):
    me = new_actor(db)
    export_id = request(db, me)
    write(db, lambda s: s.execute(Job.__table__.update().values(status="failed")))
    assert exports.expire_exports(db)["failed"] == 1
    with read_session(db) as s:
        assert s.get(Export, export_id).status == "failed"


KILLED_RUNNER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from cslib.db import make_engine
    from cslib.exports import writers
    from cslib.worker import load_jobs, queue

    write = writers.PartedFile.write

    def stall_after_some_rows(self, cells):
        write(self, cells)
        if self.rows == 50:
            Path(sys.argv[2]).write_text("writing")
            time.sleep(600)

    writers.PartedFile.write = stall_after_some_rows
    load_jobs()
    queue.run_one(make_engine(sys.argv[1]), "doomed-runner")
    """
)


def test_a_worker_killed_mid_export_is_retried_into_exactly_one_complete_file(db, tmp_path):
    me = new_actor(db)
    write(db, lambda s: [make_company(s, name=f"Co {i:03}") for i in range(300)])
    export_id = request(db, me, columns=["name"], sort=[{"property": "name", "direction": "asc"}])
    signal_file = tmp_path / "writing"
    url = db.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runner = subprocess.Popen([sys.executable, "-c", KILLED_RUNNER, url, str(signal_file)], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not signal_file.exists():  # wait for the runner to be half-way through the file
            assert runner.poll() is None, "the runner ended before writing"
            assert time.monotonic() < deadline, "the runner never started writing"
            time.sleep(0.05)
        assert list(exports.exports_dir().glob(f".build-{export_id}-*")), "a half file is being built"
    finally:
        runner.send_signal(signal.SIGKILL)
        runner.wait()
    with read_session(db) as s:
        assert s.get(Export, export_id).status == "building"  # never marked ready
    with pytest.raises(NotFound), read_session(db) as s:
        exports.download_file(s, me, export_id)

    later = _after_the_lock(db)  # the next scheduler finds the dead runner's lock expired
    assert queue.requeue_stale(db, now=later) == 1
    job = queue.run_one(db, "second-runner", now=later)
    assert job.status == "done", job.error
    with read_session(db) as s:
        file = exports.download_file(s, me, export_id)
        assert s.get(Export, export_id).row_count == 300
    rows = read_csv(file.path)
    assert [r[1] for r in rows[1:]] == [f"Co {i:03}" for i in range(300)]
    assert [p.name for p in exports.exports_dir().iterdir()] == [file.path.name]  # no half file left


def _after_the_lock(engine):
    with read_session(engine) as s:
        return s.scalars(select(Job.locked_until)).one() + timedelta(seconds=1)


def test_a_user_who_lost_the_export_permission_downloads_nothing_more(db):
    from dataclasses import replace

    from cslib.permissions import PermissionDenied

    me = new_actor(db)
    write(db, lambda s: make_company(s, name="Acme"))
    built(db, me)
    export_id = write(db, lambda s: s.scalars(select(Export.id)).one())
    with read_session(db) as s, pytest.raises(PermissionDenied):
        exports.download_file(s, replace(me, can_export=False), export_id)
