"""Customer health scores: profiles that define a score (groups of criteria over company
properties, activities and open tickets), the engine that scores every customer of a
profile and writes what changed (history, score events, alerts, each customer's primary
score), why one customer has its score, and the Overview's summary of a profile.

Other packages import only the names below (`from cslib.health import X` or
`health.X`); the modules inside are this package's own business. Importing the package
registers the worker's hourly recompute and its job handlers.

Modules, lowest first (each imports only those above it):
- vocabulary: categories, colours, default thresholds, kinds of groups and criteria;
- fields: the limits and small checks a profile's fields share, the properties it reads;
- criteria: the checks of one criterion;
- definitions: the checks of a profile's definition, thresholds, priority and segment;
- templates: the default profile and new groups and criteria for the editor;
- inputs: the one SELECT reading every criterion's input;
- scoring: inputs to points, scores and categories in pandas; what changed;
- storage: writes of scores, history, events, alerts, primary scores and roll-ups, and
  a merged record's current scores removed (a reaction);
- recompute: a profile's or some customers' recompute, the preview, the jobs;
- profiles: create, edit, clone, delete and switch profiles, with permissions;
- wording, history, explanation: one customer's score explained;
- overview: the Overview's numbers per profile and the Customers links.
"""

from cslib.health.definitions import validate_definition, validate_segment, validate_thresholds
from cslib.health.explanation import (
    HISTORY_LIMIT,
    CriterionLine,
    Drag,
    Explanation,
    GroupLine,
    any_active_profile,
    drag_factor,
    explain,
    scored_profiles,
)
from cslib.health.fields import (
    MAX_BANDS,
    MAX_GROUPS,
    MAX_LABEL,
    MAX_NAME,
    MAX_POINTS,
    MAX_PRIORITY,
    MAX_WINDOW_DAYS,
    linear_properties,
    property_names,
    scoring_properties,
)
from cslib.health.history import TREND_DAYS, HistoryLine, forward_fill, trend_change
from cslib.health.inputs import inputs_select, read_inputs
from cslib.health.overview import (
    BAND_LABELS,
    BANDS,
    CATEGORIES,
    Summary,
    active_profiles,
    average_change,
    category_filter,
    customers_link,
    distribution,
    over_time,
    shares,
    summary,
)
from cslib.health.profiles import (
    Profile,
    ProfileRow,
    clone_profile,
    create_profile,
    delete_profile,
    get_profile,
    list_profiles,
    set_status,
    update_profile,
)
from cslib.health.recompute import (
    Preview,
    RecomputeResult,
    after_profile_saved,
    on_records_changed,
    preview,
    recompute_all,
    recompute_customers,
    recompute_profile,
)
from cslib.health.scoring import breakdown_texts, score_frame
from cslib.health.storage import on_records_deleted, on_records_merged, refresh_primary
from cslib.health.templates import default_definition, default_thresholds, max_points_total, new_criterion, new_group
from cslib.health.vocabulary import (
    ACTIVE_ALERT_STAGES,
    CATEGORY_COLORS,
    CATEGORY_LABELS,
    CRITERION_KINDS,
    DEFAULT_THRESHOLDS,
    EVENT_LABELS,
    GROUP_KINDS,
    KINDS_OF_GROUP,
    ProfileChoice,
    category_for,
    category_label,
    category_series,
)
from cslib.health.wording import MINUS, NO_DATA, NOT_YET, points_text, reason_text, trigger_text, value_in_words

__all__ = [
    "ACTIVE_ALERT_STAGES",
    "BAND_LABELS",
    "BANDS",
    "CATEGORIES",
    "CATEGORY_COLORS",
    "CATEGORY_LABELS",
    "CRITERION_KINDS",
    "DEFAULT_THRESHOLDS",
    "EVENT_LABELS",
    "GROUP_KINDS",
    "HISTORY_LIMIT",
    "KINDS_OF_GROUP",
    "MAX_BANDS",
    "MAX_GROUPS",
    "MAX_LABEL",
    "MAX_NAME",
    "MAX_POINTS",
    "MAX_PRIORITY",
    "MAX_WINDOW_DAYS",
    "MINUS",
    "NOT_YET",
    "NO_DATA",
    "TREND_DAYS",
    "CriterionLine",
    "Drag",
    "Explanation",
    "GroupLine",
    "HistoryLine",
    "Preview",
    "Profile",
    "ProfileChoice",
    "ProfileRow",
    "RecomputeResult",
    "Summary",
    "active_profiles",
    "after_profile_saved",
    "any_active_profile",
    "average_change",
    "breakdown_texts",
    "category_filter",
    "category_for",
    "category_label",
    "category_series",
    "clone_profile",
    "create_profile",
    "customers_link",
    "default_definition",
    "default_thresholds",
    "delete_profile",
    "distribution",
    "drag_factor",
    "explain",
    "forward_fill",
    "get_profile",
    "inputs_select",
    "linear_properties",
    "list_profiles",
    "max_points_total",
    "new_criterion",
    "new_group",
    "on_records_changed",
    "on_records_deleted",
    "on_records_merged",
    "over_time",
    "points_text",
    "preview",
    "property_names",
    "read_inputs",
    "reason_text",
    "trigger_text",
    "recompute_all",
    "recompute_customers",
    "recompute_profile",
    "refresh_primary",
    "score_frame",
    "scored_profiles",
    "scoring_properties",
    "set_status",
    "shares",
    "summary",
    "trend_change",
    "update_profile",
    "validate_definition",
    "validate_segment",
    "validate_thresholds",
    "value_in_words",
]
