"""Reports (SPEC §3.1 Reporting, §3.8): a saved report is a query definition and a chart.
The definition names an object (customers, deals, projects, tasks, alerts, activities, the
health history), a measure (count, or sum/average/min/max of a number), up to two
group-bys (dates in day/week/month/quarter buckets, numbers in ranges), a filter in the
shared filter model, a chart type, a sort and a limit; it compiles to one SELECT with bound
parameters. Also: the library of ready reports, saving and sharing, the Overview's five,
running a report for a reader (with a dashboard's date range and owners, cached briefly and
dropped on writes) and the click-through to the list behind a bar.

Other packages import only the names below (`from cslib.reports import X`).

Modules, lowest first (each imports only those above it):
- sources: what a report can count, its properties and their SQL;
- definition: a definition's fields, checks and limits (`validate`, `ReportError`);
- compile: the SELECT of a definition;
- results: a run's rows with their keys named, in drawing order;
- library: the ready reports and their rows;
- store: who sees and edits which saved report, save and delete;
- overview: the Overview's five reports and the workspace's defaults;
- cache: the short-lived result cache;
- reading: a report run for a reader, a dashboard's scope, the builder's preview;
- drill: the list behind a bar, slice or point.
"""

from cslib.reports import cache
from cslib.reports.compile import compile_report
from cslib.reports.definition import (
    BUCKETS,
    CHARTS,
    DEFAULT_LIMIT,
    GROUPABLE,
    MAX_GROUP_BY,
    MAX_LIMIT,
    MEASURES,
    NUMERIC,
    SORTS,
    Definition,
    GroupBy,
    ReportError,
    validate,
)
from cslib.reports.drill import can_drill, drill_link
from cslib.reports.library import BY_KEY, LIBRARY, LibraryReport, ensure_library
from cslib.reports.overview import (
    MAX_OVERVIEW_REPORTS,
    add_to_overview,
    move_on_overview,
    overview_reports,
    remove_from_overview,
    seed_defaults,
    workspace_defaults,
)
from cslib.reports.reading import DATE_RANGES, ReportView, Scope, context_for, preview, report_view, scope_filter
from cslib.reports.results import MONEY, Dimension, ReportResult, run_report
from cslib.reports.sources import SOURCES, Source, available, list_tab, properties
from cslib.reports.store import (
    SHARINGS,
    ReportInfo,
    delete_report,
    get_report,
    save_report,
    visible_clause,
    visible_reports,
)

__all__ = [
    "BUCKETS",
    "BY_KEY",
    "CHARTS",
    "DATE_RANGES",
    "DEFAULT_LIMIT",
    "GROUPABLE",
    "LIBRARY",
    "MAX_GROUP_BY",
    "MAX_LIMIT",
    "MAX_OVERVIEW_REPORTS",
    "MEASURES",
    "MONEY",
    "NUMERIC",
    "SHARINGS",
    "SORTS",
    "SOURCES",
    "Definition",
    "Dimension",
    "GroupBy",
    "LibraryReport",
    "ReportError",
    "ReportInfo",
    "ReportResult",
    "ReportView",
    "Scope",
    "Source",
    "add_to_overview",
    "available",
    "cache",
    "can_drill",
    "compile_report",
    "context_for",
    "delete_report",
    "drill_link",
    "ensure_library",
    "get_report",
    "list_tab",
    "move_on_overview",
    "overview_reports",
    "preview",
    "properties",
    "remove_from_overview",
    "report_view",
    "run_report",
    "save_report",
    "scope_filter",
    "seed_defaults",
    "validate",
    "visible_clause",
    "visible_reports",
    "workspace_defaults",
]
