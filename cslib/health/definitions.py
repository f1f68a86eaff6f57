"""What a valid health score profile is: the one place that checks a definition (groups of
criteria, see ../shared/HEALTH.md), its thresholds, priority and segment, and normalises
them. The editor saves through `validate_definition` and the engine's preview runs it first.
One criterion's checks are in `criteria`; the fields and limits they share in `fields`.

Decisions where the contract is silent:
- Drafts are checked as strictly as active profiles (max points must add up to 100), so
  switching a draft on never fails for a reason the editor did not show.
- Keys missing from a group or criterion are made up (a letter and six hex digits), never
  reused numbers: a score's history refers to criteria by key.
- Health properties (the health score, the health status and the status per profile) can
  be used neither in criteria nor in segments: a score would depend on itself, or on the
  order in which profiles are computed.
- "Me" in a user filter is refused: a score is computed by the schedule, for no one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import ValidationError, quote
from cslib.health.criteria import checked_criterion
from cslib.health.fields import (
    MAX_CRITERIA,
    MAX_GROUPS,
    MAX_LABEL,
    MAX_NAME,
    MAX_POINTS,
    MAX_PRIORITY,
    checked_filter,
    checked_key,
    checked_number,
    checked_text,
    scoring_properties,
    shown_number,
)
from cslib.health.vocabulary import GROUP_KINDS
from cslib.i18n import _, ngettext
from cslib.properties import PropertySpec

# --- properties ---------------------------------------------------------------------------


def check_profile_name(value: Any) -> str:
    return checked_text(
        value,
        MAX_NAME,
        _("The profile name cannot be empty."),
        lambda length: ngettext(
            "The profile name can be at most {n} character (it has {length}).",
            "The profile name can be at most {n} characters (it has {length}).",
            MAX_NAME,
            length=length,
        ),
    )


def _group_name(value: Any, n: int) -> str:
    return checked_text(
        value,
        MAX_LABEL,
        _("The name of group {number} cannot be empty.", number=n),
        lambda length: ngettext(
            "The name of group {number} can be at most {n} character (it has {length}).",
            "The name of group {number} can be at most {n} characters (it has {length}).",
            MAX_LABEL,
            number=n,
            length=length,
        ),
    )


def validate_segment(session: Session, segment: Any) -> dict | None:
    """The segment a profile applies to, normalised (None: every live company)."""
    return checked_filter(segment, scoring_properties(session), _("Segment"))


def validate_thresholds(thresholds: Any) -> dict:
    """{"healthy": h, "neutral": n} with 0 ≤ n < h ≤ 100."""
    if not isinstance(thresholds, dict):
        raise ValidationError(_("Set the scores from which a customer is Healthy and Neutral."))
    healthy = checked_number(thresholds.get("healthy"), _("“Healthy from”"), 0, 100)
    neutral = checked_number(thresholds.get("neutral"), _("“Neutral from”"), 0, 100)
    if neutral >= healthy:
        raise ValidationError(
            _(
                "“Neutral from” ({neutral}) must be below “Healthy from” ({healthy}): "
                "customers below Neutral are At risk.",
                neutral=shown_number(neutral),
                healthy=shown_number(healthy),
            )
        )
    return {"healthy": healthy, "neutral": neutral}


def validate_priority(priority: Any) -> int:
    return int(checked_number(priority, _("Priority"), 1, MAX_PRIORITY, whole=True))


def validate_definition(session: Session, definition: Any) -> dict:
    """The definition checked against the company properties and normalised (keys made up
    where missing, numbers as int where whole, bands sorted). Raises ValidationError with a
    message naming the group or criterion at fault."""
    return check_definition(definition, scoring_properties(session))


def check_definition(definition: Any, props: dict[str, PropertySpec]) -> dict:
    """`validate_definition` against given properties."""
    groups = definition.get("groups") if isinstance(definition, dict) else None
    if not isinstance(groups, list):
        raise ValidationError(_("A health score is made of a list of groups."))
    if not groups:
        raise ValidationError(_("Add at least one group of criteria."))
    if len(groups) > MAX_GROUPS:
        raise ValidationError(
            ngettext(
                "A health score can have at most {n} group (this one has {count}).",
                "A health score can have at most {n} groups (this one has {count}).",
                MAX_GROUPS,
                count=i18n.number(len(groups)),
            )
        )
    group_keys: set[str] = set()
    criterion_keys: set[str] = set()
    out = [_group(g, i, props, group_keys, criterion_keys) for i, g in enumerate(groups, start=1)]
    total = sum(g["max_points"] for g in out)
    if total != MAX_POINTS:
        raise ValidationError(
            _(
                "The groups' max points add up to {total}; they must add up to exactly {max}.",
                total=shown_number(total),
                max=shown_number(MAX_POINTS),
            )
        )
    return {"groups": out}


def _group(raw: Any, n: int, props: dict, group_keys: set[str], criterion_keys: set[str]) -> dict:
    if not isinstance(raw, dict):
        raise ValidationError(_("Group {number} is not valid.", number=n))
    name = _group_name(raw.get("name"), n)
    where = _("Group {name}", name=quote(name))
    kind = raw.get("kind")
    if kind not in GROUP_KINDS:
        raise ValidationError(_("{where}: its kind must be property or event.", where=where))
    key = checked_key(raw.get("key"), "g", group_keys, where)
    max_points = checked_number(raw.get("max_points"), _("{where}: max points", where=where), 1, MAX_POINTS, whole=True)
    criteria = raw.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise ValidationError(_("{where}: add at least one criterion.", where=where))
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(
            ngettext(
                "{where}: a group can have at most {n} criterion (it has {count}).",
                "{where}: a group can have at most {n} criteria (it has {count}).",
                MAX_CRITERIA,
                where=where,
                count=i18n.number(len(criteria)),
            )
        )
    out = [checked_criterion(c, i, kind, where, props, criterion_keys) for i, c in enumerate(criteria, start=1)]
    return {"key": key, "name": name, "kind": kind, "max_points": max_points, "criteria": out}
