"""Building an export end to end in tests: request it as a user, run the worker's build."""

from __future__ import annotations

from cslib import exports
from cslib.db import read_session
from cslib.permissions import Actor
from tests.factories import make_user
from tests.unit.exports.conftest import write


def new_actor(engine, **overrides) -> Actor:
    return write(engine, lambda s: Actor.from_user(make_user(s, **overrides)))


def request(engine, actor, object_type="company", *, filters=(), columns=("name",), sort=(), **options) -> int:
    opts = exports.ExportOptions(name=options.pop("name", "Customers"), **options)
    return write(
        engine,
        lambda s: exports.request_export(
            s, actor, object_type, opts, filters=list(filters), columns=list(columns), sort=list(sort)
        ),
    )


def built(engine, actor, object_type="company", **kw) -> exports.Download:
    """Request, build and hand out an export: the Download of its file."""
    export_id = request(engine, actor, object_type, **kw)
    exports.build_export(engine, export_id)
    with read_session(engine) as s:
        return exports.download_file(s, actor, export_id)
