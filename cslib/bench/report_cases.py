"""The reports' read cases: each library report as the Overview and dashboards run it
(uncached: the result cache is bypassed), and two narrowed by a dashboard's scope."""

from __future__ import annotations

from cslib import reports
from cslib.bench.timing import Case
from cslib.permissions import Actor


def report_cases(me: Actor) -> list[Case]:
    def run(definition: dict, scope: reports.Scope | None = None) -> Case:
        def page(s):  # noqa: ANN001, ANN202
            d = reports.validate(s, definition)
            extra, _ignored = reports.scope_filter(s, d, scope)
            return reports.run_report(s, d, reports.context_for(me), scope=extra)

        return page

    out = [Case(f"Report: {item.name}", run(item.definition)) for item in reports.LIBRARY]
    narrowed = reports.Scope(date_range="last_90_days", user_ids=(me.id,))
    for key in ("health_by_owner", "tasks_completed_weekly"):
        item = reports.BY_KEY[key]
        out.append(Case(f"Report: {item.name}, last 90 days, one owner", run(item.definition, narrowed)))
    return out
