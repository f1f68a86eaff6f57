"""A Feed item in words, in the reader's language: what the contact did ("Opened the
email “Renewal next steps” 3 times", "Viewed the page Pricing"), and a second line where
there is more to say (why a contact left a sequence).

Tools (the page, form or sequence) are named, never shown as ids; the caller decides how a
tool's name is drawn (a link on the page, plain text elsewhere) through `tool`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from cslib.activities import activity_labels, unenrolment_reason
from cslib.feed.reading import FeedItem
from cslib.i18n import _, ngettext

# tool(name, url or None, kind) → how the name shows; kind is "page", "form", "sequence" or "link".
ToolFormat = Callable[[str, str | None, str], str]


@dataclass(frozen=True)
class Description:
    text: str
    detail: str | None = None


def plain_tool(name: str, url: str | None, kind: str) -> str:  # noqa: ARG001 - the ToolFormat shape
    return name


# Characters that could end a markdown link or open HTML where an address is drawn.
_UNSAFE_IN_URL = frozenset(" \t\r\n<>\"'`()[]{}\\")


def web_url(value: object) -> str | None:
    """`value` when it is a plain http(s) address (never a javascript: or data: link, nor
    one with characters that could end a markdown link or open HTML)."""
    if not isinstance(value, str) or len(value) > 2_000:
        return None
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or _UNSAFE_IN_URL & set(url):
        return None
    return url


def _shown(url: str) -> str:
    """An address as people read it: without the scheme or a trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") or url


def _user(users: Mapping[int, str], details: Mapping, key: str) -> str | None:
    """The name of the user the details name under `key` (who enrolled, who was booked)."""
    user_id = details.get(key)
    return users.get(user_id) if isinstance(user_id, int) else None


def _subject(item: FeedItem) -> str:
    subject = item.details.get("email_subject") or item.subject
    return str(subject) if subject else _("(no subject)")


def describe(
    item: FeedItem,
    users: Mapping[int, str],
    tool: ToolFormat = plain_tool,
    text: Callable[[str], str] = str,
) -> Description:
    """What happened, in words; `users` names the users the item mentions. `text` draws
    the other values that came from outside (subjects, meeting and user names): the page
    passes its markdown escaping, so a subject can never become a link."""
    n, d = item.count, item.details
    name = str(item.subject or "")
    users = {k: text(v) for k, v in users.items()}
    if item.type == "email_open":
        return Description(
            ngettext(
                "Opened the email “{subject}”",
                "Opened the email “{subject}” {n} times",
                n,
                subject=text(_subject(item)),
            )
        )
    if item.type == "email_click":
        url = web_url(d.get("url"))
        link = tool(_shown(url) if url else _("a link"), url, "link")
        return Description(
            ngettext(
                "Clicked {link} in the email “{subject}”",
                "Clicked {link} in the email “{subject}” {n} times",
                n,
                link=link,
                subject=text(_subject(item)),
            )
        )
    if item.type == "email_reply":
        return Description(
            ngettext(
                "Replied to the email “{subject}”",
                "Replied {n} times to the email “{subject}”",
                n,
                subject=text(_subject(item)),
            )
        )
    if item.type == "page_view":
        page = tool(str(d.get("page_title") or name or d.get("url") or _("(no name)")), web_url(d.get("url")), "page")
        return Description(ngettext("Viewed the page {page}", "Viewed the page {page} {n} times", n, page=page))
    if item.type == "form_submission":
        form = tool(str(d.get("form") or name or _("(no name)")), web_url(d.get("url")), "form")
        return Description(ngettext("Submitted the form {form}", "Submitted the form {form} {n} times", n, form=form))
    if item.type in ("sequence_enrollment", "sequence_unenrollment"):
        return _sequence(item, users, tool)
    if item.type == "meeting_booked":
        who = _user(users, d, "booked_with_id")
        meeting = text(str(d.get("meeting") or name or _("(no name)")))
        if who:
            return Description(_("Booked the meeting “{meeting}” with {name}", meeting=meeting, name=who))
        return Description(_("Booked the meeting “{meeting}”", meeting=meeting))
    return Description(activity_labels().get(item.type, item.type))


def _sequence(item: FeedItem, users: Mapping[int, str], tool: ToolFormat) -> Description:
    d = item.details
    sequence = tool(str(d.get("sequence") or item.subject or _("(no name)")), None, "sequence")
    if item.type == "sequence_unenrollment":
        return Description(
            _("Was unenrolled from the sequence {sequence}", sequence=sequence), unenrolment_reason(d.get("reason"))
        )
    who = _user(users, d, "enrolled_by_id")
    if who:
        return Description(_("Was enrolled in the sequence {sequence} by {name}", sequence=sequence, name=who))
    return Description(_("Was enrolled in the sequence {sequence}", sequence=sequence))
