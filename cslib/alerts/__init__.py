"""Health alerts after they are raised (SPEC §3.1, §3.5, §4): what "active" means, the
Overview card, the Actions → Alerts list with its filters and link state, one alert's
details, stage changes, "Create task from alert" and expiry.

The health engine (`cslib.health`) raises alerts; this package never does. Other packages
import only the names below (`from cslib.alerts import X` or `alerts.X`). Importing the
package registers the worker's hourly expiry job and its handler ("alerts.expire").

Modules, lowest first (each imports only those above it):
- stages: the stages, what "active" means, the refusal messages;
- wording: categories, scores, days and spans in words;
- reading: read permission, the shared SELECTs, a page of rows, the Overview card;
- detail: one alert with its score changes and its task;
- transitions: acknowledge, resolve, reopen, snooze;
- task_from_alert: the follow-up task (through `cslib.activities.create_task`);
- expiry: the hourly expiry job;
- merging: a merged-away customer's alerts move to the record kept (a reaction);
- listing: the Alerts list query, its filters and its URL state.
"""

from cslib.alerts.detail import AlertDetail, TaskRef, alert_detail, score_changes
from cslib.alerts.expiry import expire_alerts
from cslib.alerts.listing import (
    ALERT_FIELDS,
    CREATED_CHOICES,
    PAGE_SIZE,
    SORTS,
    AlertQuery,
    filter_properties,
    list_alerts,
    owner_filter,
    parse_query,
    query_params,
)
from cslib.alerts.merging import on_records_deleted, on_records_merged
from cslib.alerts.reading import (
    NEWEST_FIRST,
    ROW_COLUMNS,
    any_active_profile,
    base_select,
    count_active,
    customers_clause,
    has_alerts_tab,
    live_clause,
    newest_active,
    owned_clause,
    page_frame,
    require_read,
)
from cslib.alerts.stages import (
    ACTIVE_STAGES,
    CARD_LIMIT,
    CONFLICT,
    DIRECTIONS,
    EDIT_DENIED,
    GONE,
    MAX_REASON,
    OBJECTS,
    STAGE_LABELS,
    STAGES,
    TASK_MARKER,
    active_clause,
    direction_label,
    effective_stage,
    is_active,
    on_card_clause,
    stage_label,
)
from cslib.alerts.task_from_alert import TaskFromAlert, create_task_from_alert, task_title
from cslib.alerts.transitions import acknowledge, reopen, resolve, snooze
from cslib.alerts.wording import CATEGORY_LABELS, ago, expires_in, label, points_text, score_change, score_text

__all__ = [
    "ACTIVE_STAGES",
    "ALERT_FIELDS",
    "CARD_LIMIT",
    "CATEGORY_LABELS",
    "CONFLICT",
    "CREATED_CHOICES",
    "DIRECTIONS",
    "EDIT_DENIED",
    "GONE",
    "MAX_REASON",
    "NEWEST_FIRST",
    "OBJECTS",
    "PAGE_SIZE",
    "ROW_COLUMNS",
    "SORTS",
    "STAGES",
    "STAGE_LABELS",
    "TASK_MARKER",
    "AlertDetail",
    "AlertQuery",
    "TaskFromAlert",
    "TaskRef",
    "acknowledge",
    "active_clause",
    "ago",
    "alert_detail",
    "any_active_profile",
    "base_select",
    "count_active",
    "create_task_from_alert",
    "customers_clause",
    "direction_label",
    "effective_stage",
    "expire_alerts",
    "expires_in",
    "filter_properties",
    "has_alerts_tab",
    "is_active",
    "label",
    "list_alerts",
    "live_clause",
    "newest_active",
    "on_card_clause",
    "on_records_deleted",
    "on_records_merged",
    "owned_clause",
    "owner_filter",
    "page_frame",
    "parse_query",
    "points_text",
    "query_params",
    "reopen",
    "require_read",
    "resolve",
    "score_change",
    "score_changes",
    "score_text",
    "snooze",
    "stage_label",
    "task_title",
]
