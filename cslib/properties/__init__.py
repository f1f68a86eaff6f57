"""Object types and their properties: the built-in and custom object types, what
properties each has (standard, custom and computed), their types, choice lists and the SQL
expression behind each. Records, filters, lists, views and health scores read properties
from here; it imports none of them.

Other packages import only the names below (`from cslib.properties import X` or
`properties.X`).

Modules, lowest first (each imports only those above it):
- specs: property types, fixed choice lists, `PropertySpec`, the ORM class per object type;
- standard: the standard properties of each object type and the computed specs;
- registry: `properties_for`, an object type's properties for one session (cached);
- columns: the SQL expression of a property and a computed date's range condition;
- objects: object types and custom properties, read and edited by admins.
"""

from cslib.properties.columns import column_for, computed_between
from cslib.properties.objects import (
    BUILTIN_KEYS,
    BUILTIN_OBJECTS,
    PROPERTY_TYPE_LABELS,
    RESERVED_KEYS,
    ObjectTypeInfo,
    add_property,
    create_custom_object,
    delete_property,
    ensure_builtin_object_types,
    list_custom_properties,
    list_object_types,
    object_type_info,
    slugify,
)
from cslib.properties.registry import properties_for
from cslib.properties.specs import (
    ASSIGNED_AT_OBJECTS,
    HEALTH_CATEGORIES,
    INDUSTRIES,
    LIFECYCLE_STAGES,
    MODEL_BY_OBJECT,
    PIPELINE_OBJECTS,
    PROPERTY_TYPES,
    TASK_PRIORITIES,
    TASK_STATUSES,
    TASK_TYPES,
    TICKET_PRIORITIES,
    PropertySpec,
    model_for,
)
from cslib.properties.standard import (
    ASSOCIATED_RECORD,
    assigned_at_spec,
    health_status_name,
    health_status_spec,
    standard_properties,
)

__all__ = [
    "ASSIGNED_AT_OBJECTS",
    "ASSOCIATED_RECORD",
    "BUILTIN_KEYS",
    "BUILTIN_OBJECTS",
    "HEALTH_CATEGORIES",
    "INDUSTRIES",
    "LIFECYCLE_STAGES",
    "MODEL_BY_OBJECT",
    "ObjectTypeInfo",
    "PIPELINE_OBJECTS",
    "PROPERTY_TYPES",
    "PROPERTY_TYPE_LABELS",
    "PropertySpec",
    "RESERVED_KEYS",
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
    "model_for",
    "object_type_info",
    "properties_for",
    "slugify",
    "standard_properties",
]
