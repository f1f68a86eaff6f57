"""Tasks (SPEC §3.5): bulk actions over a selection, the "Start all tasks" queue, one task's
detail and the Overview's task cards. Task lists themselves are `cslib.lists` lists of
object type "task" in the saved views of `cslib.views` (built-ins: Due today, Overdue, Due
tomorrow, All completed; their filters live in the object-type registry,
`cslib.properties.OBJECT_TYPES`). Creating a task is `cslib.activities.create_task`.

Other packages import only the names below (`from cslib.tasks import X` or `tasks.X`).

Modules, lowest first (each imports only those above it):
- selection: what an action covers (picked ids or all matching) and the queue's ids;
- bulk: complete, reopen, assign, edit and delete a selection, with history;
- detail: one task with the key facts of its linked records;
- cards: the Overview's due-today, overdue and due-tomorrow cards.
"""

from cslib.tasks.bulk import (
    BULK_EDITABLE,
    CONFIRM_DELETE,
    EDIT_DENIED,
    BulkResult,
    assign_tasks,
    complete_tasks,
    delete_tasks,
    edit_tasks,
    reopen_tasks,
)
from cslib.tasks.cards import TASK_CARDS, TaskCard, builtin_view_ids, task_card, task_cards
from cslib.tasks.detail import Fact, LinkedRecord, TaskDetail, linked_records, task_detail
from cslib.tasks.selection import (
    MAX_PICKED,
    NOTHING_SELECTED,
    QUEUE_LIMIT,
    READ_DENIED,
    VIEW_AS_DENIED,
    Selection,
    count_selected,
    queue_ids,
    selected_ids,
)

__all__ = [
    "BULK_EDITABLE",
    "CONFIRM_DELETE",
    "EDIT_DENIED",
    "MAX_PICKED",
    "NOTHING_SELECTED",
    "QUEUE_LIMIT",
    "READ_DENIED",
    "TASK_CARDS",
    "VIEW_AS_DENIED",
    "BulkResult",
    "Fact",
    "LinkedRecord",
    "Selection",
    "TaskCard",
    "TaskDetail",
    "assign_tasks",
    "builtin_view_ids",
    "complete_tasks",
    "count_selected",
    "delete_tasks",
    "edit_tasks",
    "linked_records",
    "queue_ids",
    "reopen_tasks",
    "selected_ids",
    "task_card",
    "task_cards",
    "task_detail",
]
