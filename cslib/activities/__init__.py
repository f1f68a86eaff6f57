"""Engagement on records: logging notes, calls, e-mails and meetings, creating tasks and
meetings linked to records, a record's activity timeline, and following records.

Other packages import only the names below (`from cslib.activities import X` or
`activities.X`); creating a task from anywhere (a record, an alert) is `create_task`.

Modules, lowest first:
- log: the writes (log an activity, create a task or a meeting) and their limits;
- timeline: a record's timeline (its keyset `older_than` and `mentioned_users`, which the
  Feed pages and names with too), activity labels, following.
"""

from cslib.activities.log import (
    CALL_OUTCOMES,
    EDIT_DENIED,
    EMAIL_DIRECTIONS,
    FUTURE_SLACK,
    LOGGABLE,
    MAX_BODY,
    MAX_CALL_MINUTES,
    MAX_MEETING,
    MAX_SUBJECT,
    create_meeting,
    create_task,
    log_activity,
    timeline_column,
)
from cslib.activities.timeline import (
    FOLLOW_DENIED,
    READ_DENIED,
    TIMELINE_COLUMNS,
    activity_labels,
    follow,
    is_following,
    mentioned_users,
    older_than,
    timeline,
    unenrolment_reason,
    unfollow,
)

__all__ = [
    "CALL_OUTCOMES",
    "EDIT_DENIED",
    "EMAIL_DIRECTIONS",
    "FOLLOW_DENIED",
    "FUTURE_SLACK",
    "LOGGABLE",
    "MAX_BODY",
    "MAX_CALL_MINUTES",
    "MAX_MEETING",
    "MAX_SUBJECT",
    "READ_DENIED",
    "TIMELINE_COLUMNS",
    "activity_labels",
    "create_meeting",
    "create_task",
    "follow",
    "is_following",
    "log_activity",
    "mentioned_users",
    "older_than",
    "timeline",
    "timeline_column",
    "unenrolment_reason",
    "unfollow",
]
