"""One record, as the record panel (beside a list) and the record page show it: its name
and actions, the About section and property history, the health card, the composer for
notes, calls, e-mails, meetings and tasks, its associations and its activity timeline.

Modules, lowest first: about (property groups, the About form, history, date and time
helpers), task_form (the task fields a record's "Create task" form shares with the Tasks
tab), actions, forms (the composer), health (the health card), lists (associations,
timeline, record links), panel (the whole record).
"""

from cslib.ui.record.about import Context, combine, property_inputs, read_context
from cslib.ui.record.forms import render_buttons, render_composer
from cslib.ui.record.lists import record_link
from cslib.ui.record.panel import record_page_types, render_record_panel
from cslib.ui.record.task_form import task_fields

__all__ = [
    "Context",
    "combine",
    "property_inputs",
    "read_context",
    "record_link",
    "record_page_types",
    "render_buttons",
    "render_composer",
    "render_record_panel",
    "task_fields",
]
