"""What the Feed's URL says: the search (`q`), activity types (`type`, comma-separated),
sequence enrolment (`sequence`: `enrolled`, `not_enrolled` or `in:<sequence name>`) and,
for admins, whose feed (`user`). A bad value is left out with a note; the rest applies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from cslib.errors import quote
from cslib.feed.scope import MAX_SEARCH, Narrowing
from cslib.i18n import N_, _
from cslib.models import CONTACT_ACTIVITY_TYPES
from cslib.validation import user_in_link

ENROLLED, NOT_ENROLLED, IN_SEQUENCE = "enrolled", "not_enrolled", "in:"
MAX_SEQUENCE = 300
USER_REFUSED = N_("The link's user {value} is not a user id: showing your own feed.")


@dataclass(frozen=True)
class FeedLink:
    search: str = ""
    types: tuple[str, ...] = ()  # none picked: every type
    sequence: str | None = None  # ENROLLED, NOT_ENROLLED, or None (with sequence_name: that one)
    sequence_name: str | None = None
    user_id: int | None = None

    def with_(self, **changes: object) -> FeedLink:
        return replace(self, **changes)


def narrowing(link: FeedLink) -> Narrowing:
    return Narrowing(
        types=link.types or CONTACT_ACTIVITY_TYPES,
        sequence=link.sequence,
        sequence_name=link.sequence_name,
        search=link.search,
    )


def _types(raw: str, notes: list[str]) -> tuple[str, ...]:
    picked = [t.strip() for t in raw.split(",") if t.strip()]
    unknown = [t for t in picked if t not in CONTACT_ACTIVITY_TYPES]
    if unknown:
        notes.append(_("The link's activity type {value} is not known: it is left out.", value=quote(unknown[0][:40])))
    return tuple(t for t in CONTACT_ACTIVITY_TYPES if t in picked)


def sequence_param(link: FeedLink) -> str:
    """The link's sequence filter as its `sequence` parameter ("" when there is none)."""
    return IN_SEQUENCE + link.sequence_name if link.sequence_name else link.sequence or ""


def with_sequence(link: FeedLink, raw: str) -> FeedLink | None:
    """`link` with the sequence filter a `sequence` parameter says ("" clears it); None
    when `raw` says none of enrolled, not enrolled or `in:<name>`."""
    if raw in ("", ENROLLED, NOT_ENROLLED):
        return link.with_(sequence=raw or None, sequence_name=None)
    name = raw[len(IN_SEQUENCE) :].strip() if raw.startswith(IN_SEQUENCE) else ""
    if name and len(name) <= MAX_SEQUENCE:
        return link.with_(sequence=None, sequence_name=name)
    return None


def parse_link(params: Mapping[str, str]) -> tuple[FeedLink, list[str]]:
    """The link's state and a note for each value that was ignored."""
    notes: list[str] = []
    link = FeedLink()
    search = " ".join(str(params.get("q") or "").split())
    if len(search) > MAX_SEARCH:
        notes.append(_("The search was cut to its first {n} characters.", n=MAX_SEARCH))
        search = search[:MAX_SEARCH]
    link = link.with_(search=search)
    if params.get("type"):
        link = link.with_(types=_types(params["type"], notes))
    raw = params.get("sequence") or ""
    if (narrowed := with_sequence(link, raw)) is not None:
        link = narrowed
    else:
        notes.append(
            _(
                "The link's sequence filter {value} is not valid: showing every contact, enrolled or not.",
                value=quote(raw[:60]),
            )
        )
    return link.with_(user_id=user_in_link(params.get("user"), notes, USER_REFUSED)), notes


def link_params(link: FeedLink) -> dict[str, str]:
    """The URL parameters of `link`; defaults are left out, so links stay short."""
    out: dict[str, str] = {}
    if link.search:
        out["q"] = link.search
    if link.types:
        out["type"] = ",".join(link.types)
    if sequence := sequence_param(link):
        out["sequence"] = sequence
    if link.user_id is not None:
        out["user"] = str(link.user_id)
    return out
