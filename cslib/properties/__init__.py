"""Object types and their properties: the object-type registry (one declaration per kind
of record: model, standard properties, labels, tab, list defaults, filter bar, built-in
views, key facts), custom objects, what properties each type has (standard, custom and
computed), their types, choice lists and the SQL expression behind each. Records,
filters, lists, views and health scores read object types and properties from here; it
imports none of them.

Other packages import only the names below (`from cslib.properties import X` or
`properties.X`).

Modules, lowest first (each imports only those above it):
- specs: property types, fixed choice lists, `PropertySpec`;
- standard: the standard properties of each kind of object and the computed specs;
- presets: filter-bar fields and their choices, built-in views (plain data);
- types: the object-type registry `OBJECT_TYPES` and `object_type_def`, `model_for`;
- registry: `properties_for`, an object type's properties for one session (cached);
- columns: the SQL expression of a property and a computed date's range condition;
- objects: object types as a workspace has them and custom properties, edited by admins.
"""

from cslib.properties.columns import column_for, computed_between
from cslib.properties.objects import (
    PROPERTY_TYPE_LABELS,
    ObjectTypeInfo,
    add_property,
    create_custom_object,
    delete_property,
    ensure_builtin_object_types,
    list_custom_properties,
    list_object_types,
    object_type_info,
    slugify,
    type_labels,
)
from cslib.properties.presets import (
    DATE_CHOICES,
    DUE_CHOICES,
    TEXT_BAR_MAX,
    BarField,
    BuiltinView,
)
from cslib.properties.registry import properties_for
from cslib.properties.specs import (
    HEALTH_CATEGORIES,
    INDUSTRIES,
    LIFECYCLE_STAGES,
    PROPERTY_TYPES,
    TASK_PRIORITIES,
    TASK_STATUSES,
    TASK_TYPES,
    TICKET_PRIORITIES,
    PropertySpec,
)
from cslib.properties.standard import (
    ASSOCIATED_RECORD,
    assigned_at_spec,
    health_status_name,
    health_status_spec,
)
from cslib.properties.types import (
    BUILTIN_KEYS,
    CUSTOM_OBJECT,
    OBJECT_TYPES,
    ObjectTypeDef,
    listed_types,
    model_for,
    object_type_def,
    shown_labels,
    standard_properties,
)

__all__ = [
    "ASSOCIATED_RECORD",
    "BUILTIN_KEYS",
    "BarField",
    "BuiltinView",
    "CUSTOM_OBJECT",
    "DATE_CHOICES",
    "TEXT_BAR_MAX",
    "DUE_CHOICES",
    "HEALTH_CATEGORIES",
    "INDUSTRIES",
    "LIFECYCLE_STAGES",
    "OBJECT_TYPES",
    "ObjectTypeDef",
    "ObjectTypeInfo",
    "PROPERTY_TYPES",
    "PROPERTY_TYPE_LABELS",
    "PropertySpec",
    "TASK_PRIORITIES",
    "TASK_STATUSES",
    "TASK_TYPES",
    "TICKET_PRIORITIES",
    "add_property",
    "assigned_at_spec",
    "column_for",
    "computed_between",
    "create_custom_object",
    "delete_property",
    "ensure_builtin_object_types",
    "health_status_name",
    "health_status_spec",
    "list_custom_properties",
    "list_object_types",
    "listed_types",
    "model_for",
    "object_type_def",
    "object_type_info",
    "properties_for",
    "shown_labels",
    "slugify",
    "standard_properties",
    "type_labels",
]
