"""Actions → Tasks: the task views with bulk actions and "+ Create task", the task panel,
and the "Start all tasks" queue (the task fields they share with a record's "Create task"
form are `cslib.ui.record.task_fields`).

Modules: forms (the create dialog, the task panel), queue (one task at a
time through a list), list_tab (the list with its bulk actions).
"""

from cslib.ui.tasks.forms import render_linked, render_task_panel
from cslib.ui.tasks.list_tab import render
from cslib.ui.tasks.queue import active as queue_active

__all__ = ["queue_active", "render", "render_linked", "render_task_panel"]
