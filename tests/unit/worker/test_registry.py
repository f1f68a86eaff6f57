"""Jobs are declared by their packages (cslib.jobs) and collected by the worker: every job
kind the code can queue has a handler once the worker has loaded its packages, and domain
packages load no scheduler."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from cslib import jobs, worker
from cslib.config import PROJECT_ROOT

CSLIB = Path(PROJECT_ROOT) / "cslib"
# Queueing calls whose kind is not a literal, and where their kinds come from (checked below).
DYNAMIC = {("cslib/worker/host.py", "enqueue"): "jobs.periodic_jobs()"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _queued_kinds() -> tuple[dict[str, str], list[str]]:
    """Kinds passed to enqueue(session, kind, …) and schedule_periodic(job_id, kind, …) in
    cslib, by kind (-> where); and the calls whose kind is not a string literal."""
    kinds: dict[str, str] = {}
    dynamic: list[str] = []
    for path in sorted(CSLIB.rglob("*.py")):
        rel = path.relative_to(CSLIB.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or (name := _name(node.func)) not in ("enqueue", "schedule_periodic"):
                continue
            kind = (
                node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "kind"), None)
            )
            if isinstance(kind, ast.Constant) and isinstance(kind.value, str):
                kinds.setdefault(kind.value, f"{rel}:{node.lineno}")
            elif (rel, name) not in DYNAMIC:
                dynamic.append(f"{rel}:{node.lineno}")
    return kinds, dynamic


def _fresh_python(code: str) -> str:
    """Run `code` in a new interpreter (this one has imported much already); its output."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _worker_jobs() -> tuple[set[str], dict[str, str]]:
    """The handlers and periodic jobs a fresh worker process knows after load_jobs (a fresh
    process: this one may have imported a package the worker's list forgets)."""
    out = _fresh_python(
        "import json\n"
        "from cslib import jobs, worker\n"
        "kinds = worker.load_jobs()\n"
        "print(json.dumps([kinds, {i: p.kind for i, p in jobs.periodic_jobs().items()}]))\n"
    )
    kinds, periodic = json.loads(out.splitlines()[-1])
    return set(kinds), periodic


def test_every_job_kind_the_code_queues_has_a_handler():
    known, periodic = _worker_jobs()
    kinds, dynamic = _queued_kinds()
    assert not dynamic, f"queue a literal job kind (or list the call in DYNAMIC): {dynamic}"
    assert {"health.recompute", "health.recompute_profile", "alerts.expire", "purge_finished_jobs"} <= set(kinds)
    missing = {kind: where for kind, where in kinds.items() if kind not in known}
    assert not missing, f"no handler for these job kinds: add their package to HANDLER_MODULES: {missing}"
    assert {"health_recompute", "expire_alerts", "purge_finished_jobs"} <= set(periodic)
    orphans = {job_id: kind for job_id, kind in periodic.items() if kind not in known}
    assert not orphans, f"periodic jobs without a handler: {orphans}"


def test_the_handler_list_names_packages_that_declare_jobs():
    modules = {jobs.get_handler(kind).__module__ for kind in worker.load_jobs()}
    for name in worker.HANDLER_MODULES:
        assert any(module == name or module.startswith(name + ".") for module in modules), name


def test_domain_packages_load_no_scheduler():
    _fresh_python(
        "import sys\n"
        "import cslib.jobs, cslib.records, cslib.health, cslib.alerts\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'apscheduler' or m.startswith('cslib.worker'))\n"
        "assert not loaded, loaded\n"
    )
