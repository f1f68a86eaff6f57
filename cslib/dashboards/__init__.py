"""Dashboards (SPEC §3.8): a dashboard is a named, ordered grid of reports (at most twelve,
each once, each a third, half, two thirds or the whole of a row wide). Anyone with workspace
use creates one; it stays theirs alone (a draft) until an admin (settings permission) adds
it to the workspace, available to everyone or assigned to teams, after confirming that users
will get view access. Its owner and admins rename, delete and arrange it; admins change or
remove its access. A reader sees only the reports on it they may see on their own; a
dashboard they may not see does not exist for them (NotFound). Every check is made here.
Writes run in the caller's transaction (flush, never commit).

Other packages import only the names below (`from cslib.dashboards import X`):
- `list_dashboards(session, actor) -> list[DashboardSummary]`, by name;
- `get_dashboard(session, actor, dashboard_id) -> DashboardInfo` (its `items`: the
  `DashboardItem(report_id, position, width)` the reader sees, in order; `hidden_count`);
- `create_dashboard(session, actor, name, description=None) -> int`,
  `rename_dashboard(session, actor, dashboard_id, name, *, description=None) -> str`,
  `delete_dashboard(session, actor, dashboard_id) -> str`;
- `add_report(session, actor, dashboard_id, report_id, width=6) -> str`,
  `remove_report(session, actor, dashboard_id, report_id)`,
  `move_report(session, actor, dashboard_id, report_id, step)` (-1 or +1),
  `set_width(session, actor, dashboard_id, report_id, width)` (a key of `WIDTHS`);
- `addable_dashboards(session, actor) -> list[DashboardSummary]` (not in the workspace yet),
  `add_to_workspace(session, actor, dashboard_id, *, access, team_ids=(), confirmed) -> str`,
  `change_access(session, actor, dashboard_id, *, access, team_ids=())`,
  `remove_from_workspace(session, actor, dashboard_id) -> str`,
  `team_choices(session) -> list[(id, name)]`;
- `forget_team(session, team_id)`: for team deletion to call, so a later team under a
  reused id gets no access;
- labels (`N_` constants, shown through `_()`): `ACCESS_LABELS` ("everyone", "teams"),
  `CONFIRM_LABEL`, `WIDTHS` ({4: …, 6: …, 8: …, 12: …}).

Modules, lowest first (each imports only those above it):
- access: who sees and edits a dashboard, which of its reports a reader sees;
- store: the list, one dashboard, create, rename, delete;
- grid: the reports on a dashboard, their order and widths;
- sharing: dashboards in the workspace and who gets them.
"""

from cslib.dashboards.access import ACCESS_LABELS, CONFIRM_LABEL, EVERYONE, TEAMS, can_manage_access
from cslib.dashboards.grid import (
    DEFAULT_WIDTH,
    MAX_REPORTS,
    WIDTHS,
    add_report,
    move_report,
    remove_report,
    set_width,
)
from cslib.dashboards.sharing import (
    CONFIRM_REQUIRED,
    add_to_workspace,
    addable_dashboards,
    change_access,
    forget_team,
    remove_from_workspace,
    team_choices,
)
from cslib.dashboards.store import (
    MAX_NAME,
    DashboardInfo,
    DashboardItem,
    DashboardSummary,
    create_dashboard,
    delete_dashboard,
    get_dashboard,
    list_dashboards,
    rename_dashboard,
)

__all__ = [
    "ACCESS_LABELS",
    "CONFIRM_LABEL",
    "CONFIRM_REQUIRED",
    "DEFAULT_WIDTH",
    "EVERYONE",
    "MAX_NAME",
    "MAX_REPORTS",
    "TEAMS",
    "WIDTHS",
    "DashboardInfo",
    "DashboardItem",
    "DashboardSummary",
    "add_report",
    "add_to_workspace",
    "addable_dashboards",
    "can_manage_access",
    "change_access",
    "create_dashboard",
    "delete_dashboard",
    "forget_team",
    "get_dashboard",
    "list_dashboards",
    "move_report",
    "remove_from_workspace",
    "remove_report",
    "rename_dashboard",
    "set_width",
    "team_choices",
]
