"""Notifications: an in-app list per user (the sidebar's bell), and an e-mail for each one
when a mail server is set (CS_SMTP_HOST). Packages that tell a user something (an export
is ready, the feed, imports) declare the wording of their kind once with `register_kind`
and call `notify` in their write transaction; the reader gets it in their language.

Other packages import only the names below (`from cslib.notifications import X`). Importing
the package registers the worker's jobs: "notifications.email" and the daily
"notifications.purge".

Modules, lowest first (each imports only those above it):
- kinds: each kind's wording (English, marked with N_) and filling it in the reader's language;
- inbox: notify, a user's list, the unread count, mark read, mark all read, dismiss;
- mail: the e-mail of a notification, worded in the recipient's language, and its job;
- purge: the daily job deleting long-dismissed and long-read notifications.
"""

from cslib.notifications.inbox import (
    DEFAULT_LIMIT,
    GONE,
    MAX_LIMIT,
    NotificationInfo,
    dismiss,
    list_notifications,
    mark_all_read,
    mark_read,
    notify,
    same_site_link,
    unread_count,
)
from cslib.notifications.kinds import Kind, get_kind, placeholder_values, register_kind, registered_kinds, wording
from cslib.notifications.mail import Letter, absolute_link, compose, email_notification, send
from cslib.notifications.purge import KEEP_DISMISSED, KEEP_READ, purge_notifications

__all__ = [
    "DEFAULT_LIMIT",
    "GONE",
    "KEEP_DISMISSED",
    "KEEP_READ",
    "MAX_LIMIT",
    "Kind",
    "Letter",
    "NotificationInfo",
    "absolute_link",
    "compose",
    "dismiss",
    "email_notification",
    "get_kind",
    "list_notifications",
    "mark_all_read",
    "mark_read",
    "notify",
    "placeholder_values",
    "purge_notifications",
    "register_kind",
    "registered_kinds",
    "same_site_link",
    "send",
    "unread_count",
    "wording",
]
