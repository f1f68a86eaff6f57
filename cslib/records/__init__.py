"""Records and what is written about them: the one write path for property values, with
validation, stale-edit refusal and property history (`update_properties` for one record,
`update_properties_bulk` for one value on many); associations
between records; merging companies; pipelines and their stages; and how a record is
shown (names, values in words, history, links to its page).

Writes here say what changed through `cslib.reactions` (health scores listen there).
Other packages import only the names below (`from cslib.records import X` or
`records.X`).

Modules, lowest first (each imports only those above it):
- history: property history, the only module that writes it, and its reads (an
  import's changes, forgotten again by its undo);
- write: coerce and write property values (one record, or one value on many);
- associations: link and unlink records, engagements, the records linked to one;
- merge: merge a company into another;
- pipelines: pipelines, stages and required properties as every tab reads them;
- pipeline_admin: pipelines and stages edited by admins;
- display: a record's name, values in words, history frame and page link;
- batch: many records each with values of their own (imports): create, update, link,
  restore replaced values, delete for good.
"""

from cslib.records.associations import (
    ENGAGEMENT_TYPES,
    associate,
    associated,
    association_counts,
    contact_name,
    dissociate,
    ensure_live,
    find_records,
    is_associated,
    known_types,
    links_of,
)
from cslib.records.batch import (
    SETTABLE_ON_CREATE,
    create_records,
    current_values,
    delete_records,
    link_records,
    restore_values,
    unlink_import,
    update_records,
    value_from_history,
)
from cslib.records.display import (
    HISTORY_COLUMNS,
    MAX_MERGE_HOPS,
    RECORD_PAGE_TYPES,
    display_value,
    has_record_page,
    history_frame,
    parse_history,
    record_name,
    record_url,
    resolve_record,
    source_labels,
    with_pipeline_names,
)
from cslib.records.history import forget_history, history_text, import_changes, property_history
from cslib.records.merge import MergeResult, merge_candidates, merge_companies
from cslib.records.pipeline_admin import (
    add_stage,
    create_pipeline,
    delete_pipeline,
    delete_stage,
    move_stage,
    rename_pipeline,
    rename_stage,
    set_required_properties,
    set_stage_flags,
)
from cslib.records.pipelines import (
    NOT_REQUIRABLE,
    PIPELINE_CONFLICT,
    PipelineInfo,
    StageInfo,
    list_pipelines,
    missing_required_properties,
    pipeline_object_choices,
    requirable_properties,
    stages_frame,
)
from cslib.records.write import (
    EDIT_DENIED,
    MAX_STRING,
    MAX_TEXT,
    READ_DENIED,
    STRING_LIMITS,
    Snapshot,
    coerce,
    snapshot,
    update_properties,
    update_properties_bulk,
)

__all__ = [
    "SETTABLE_ON_CREATE",
    "create_records",
    "current_values",
    "delete_records",
    "link_records",
    "restore_values",
    "unlink_import",
    "update_records",
    "value_from_history",
    "forget_history",
    "import_changes",
    "EDIT_DENIED",
    "ENGAGEMENT_TYPES",
    "HISTORY_COLUMNS",
    "MAX_MERGE_HOPS",
    "MAX_STRING",
    "MAX_TEXT",
    "MergeResult",
    "NOT_REQUIRABLE",
    "PIPELINE_CONFLICT",
    "PipelineInfo",
    "READ_DENIED",
    "RECORD_PAGE_TYPES",
    "STRING_LIMITS",
    "Snapshot",
    "StageInfo",
    "add_stage",
    "associate",
    "associated",
    "association_counts",
    "coerce",
    "contact_name",
    "create_pipeline",
    "delete_pipeline",
    "delete_stage",
    "display_value",
    "dissociate",
    "ensure_live",
    "find_records",
    "has_record_page",
    "history_frame",
    "history_text",
    "is_associated",
    "known_types",
    "links_of",
    "list_pipelines",
    "merge_candidates",
    "merge_companies",
    "missing_required_properties",
    "move_stage",
    "parse_history",
    "pipeline_object_choices",
    "property_history",
    "record_name",
    "record_url",
    "rename_pipeline",
    "rename_stage",
    "requirable_properties",
    "resolve_record",
    "set_required_properties",
    "set_stage_flags",
    "snapshot",
    "source_labels",
    "stages_frame",
    "update_properties",
    "update_properties_bulk",
    "with_pipeline_names",
]
