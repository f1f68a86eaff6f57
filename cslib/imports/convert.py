"""A file row as the values it will save: each mapped cell parsed in the user's locale
(numbers, dates, times, yes/no), text freed of an export's formula guard, choices and
stages found by value or by label in any of our languages, owners by e-mail or name, and
every value checked by the one write path's rules (`cslib.records.coerce`).

A row with any bad cell is refused whole, with every problem named by its column, so a
row is either imported as a whole or not at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import ValidationError, quote
from cslib.i18n import _
from cslib.imports.aliases import ASSOCIATION_KINDS, Target
from cslib.imports.parsing import parse_bool, parse_date, parse_datetime, parse_number, unneutralise
from cslib.models import Pipeline, PipelineStage, User
from cslib.properties import PropertySpec, properties_for
from cslib.records import SETTABLE_ON_CREATE, coerce
from cslib.validation import is_email_address

# Several associated records in one cell: "12;15" or "12, 15" (the original CRM writes ";").
_SEPARATORS = re.compile(r"\s*[;,]\s*")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_REFUSED = object()  # a value that failed its check (None is a valid value)


@dataclass
class Row:
    """One file row as it will be saved, or the reasons it will not be."""

    number: int
    values: dict[str, object] = field(default_factory=dict)
    record_id: str | None = None
    # IDs (ours or source IDs) of linked records, by their type: {"company": ["12"]}.
    link_ids: dict[str, list[str]] = field(default_factory=dict)
    company_names: list[str] = field(default_factory=list)
    company_domains: list[str] = field(default_factory=list)
    additional_domains: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # The deal names no stage: it starts in its pipeline's first stage if it is new.
    default_stage: bool = False
    # The value ("domain", "email") the row was matched by: the record holds it already (an
    # additional domain must not become the primary one).
    matched_by: str | None = None
    # Values of the columns that will become new properties, by column: checked (the
    # preview shows them and their problems) but not written by the chunk.
    new_values: dict[int, object] = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        return " ".join(self.errors) if self.errors else None


def fold(text: object) -> str:
    """Text compared without case, accents' forms or extra spaces."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def domain_of(text: str) -> str:
    """A web address as the bare host a company's domain is stored as: "https://www.
    Acme.com/about" → "acme.com"."""
    host = _SCHEME.sub("", text.strip()).split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].strip(". ").lower()
    return host.removeprefix("www.")


def split_many(text: str) -> list[str]:
    return [part for part in _SEPARATORS.split(text.strip()) if part]


class Converter:
    """Turns the rows of one import into `Row`s; it reads what it needs to look up (users,
    choice labels, pipelines) once, so converting a row asks the database nothing."""

    def __init__(
        self,
        session: Session,
        object_type: str,
        mapping: Sequence[Target],
        *,
        locale: str,
        time_zone: str,
    ) -> None:
        self.object_type = object_type
        self.mapping = list(mapping)
        self.locale = locale
        self.time_zone = time_zone
        self.props = properties_for(session, object_type)
        self._session = session
        self._choices = self._choice_labels(session)
        self._users = self._user_keys(session)
        self._pipelines, self._stages = self._pipeline_names(session)
        self.new_specs = {i: self._new_spec(t) for i, t in enumerate(self.mapping) if t.kind == "new"}

    def bind(self, session: Session) -> None:
        """Check values in `session` (each chunk of an import has its own)."""
        self._session = session

    # --- what is looked up once ----------------------------------------------------------

    def _new_spec(self, target: Target) -> PropertySpec:
        """The spec of a property the import will create, to check its column's values
        before it exists."""
        kind, label = target.new_property()
        return PropertySpec(self.object_type, f"new:{label}", label, kind, custom=True)

    def _choice_labels(self, session: Session) -> dict[str, dict[str, str]]:
        """{property: {folded value or label in en/da/pl: value}} of choice properties."""
        found: dict[str, dict[str, str]] = defaultdict(dict)
        for language in ("en", "da", "pl"):
            with i18n.use(language):
                for name, spec in properties_for(session, self.object_type).items():
                    if spec.type == "enumeration" and name not in ("pipeline_id", "stage_id"):
                        for value, label in spec.options:
                            found[name].setdefault(fold(value), value)
                            found[name].setdefault(fold(label), value)
        return dict(found)

    @staticmethod
    def _user_keys(session: Session) -> dict[str, int | None]:
        """Active users by folded e-mail and name; None marks a name two users share."""
        keys: dict[str, int | None] = {}
        for user_id, email, name in session.execute(select(User.id, User.email, User.name).where(User.is_active)):
            keys[fold(email)] = user_id
            key = fold(name)
            keys[key] = None if key in keys and keys[key] != user_id else user_id
        return keys

    def _pipeline_names(self, session: Session) -> tuple[dict[str, int], dict[tuple[int, str], int]]:
        pipelines: dict[str, int] = {}
        stages: dict[tuple[int, str], int] = {}
        if "stage_id" not in self.props:
            return pipelines, stages
        rows = session.execute(
            select(Pipeline.id, Pipeline.name)
            .where(Pipeline.object_type == self.object_type)
            .order_by(Pipeline.display_order, Pipeline.id)
        ).all()
        for pipeline_id, name in rows:
            pipelines.setdefault(fold(name), pipeline_id)
            pipelines.setdefault(str(pipeline_id), pipeline_id)
        stage_rows = session.execute(
            select(PipelineStage.pipeline_id, PipelineStage.id, PipelineStage.name)
            .where(PipelineStage.pipeline_id.in_([r[0] for r in rows]))
            .order_by(PipelineStage.display_order, PipelineStage.id)
        ).all()
        for pipeline_id, stage_id, name in stage_rows:
            stages.setdefault((pipeline_id, fold(name)), stage_id)
            stages.setdefault((pipeline_id, str(stage_id)), stage_id)
        self._first_pipeline = rows[0][0] if rows else None
        self._first_stage: dict[int, int] = {}
        for pipeline_id, stage_id, _name in stage_rows:  # in the board's order
            self._first_stage.setdefault(pipeline_id, stage_id)
        return pipelines, stages

    # --- one row ---------------------------------------------------------------------------

    def convert(self, number: int, cells: Sequence[object]) -> Row:
        row = Row(number)
        stage_text: str | None = None
        for column, (target, cell) in enumerate(zip(self.mapping, cells, strict=False)):
            if target.kind == "skip" or _blank(cell):
                continue
            text = unneutralise(cell.strip()) if isinstance(cell, str) else cell
            if target.kind == "new":
                self._set_new(row, column, text)
            elif target.kind == "record_id":
                row.record_id = str(text).strip()
            elif target.kind in ("company_ids", "contact_ids", "deal_ids"):
                other = ASSOCIATION_KINDS[target.kind][0]
                row.link_ids.setdefault(other, []).extend(split_many(str(text)))
            elif target.kind == "company_names":
                row.company_names += [n for n in str(text).split(";") if n.strip()]
            elif target.kind == "company_domain":
                row.company_domains += [domain_of(d) for d in split_many(str(text))]
            elif target.kind == "additional_domains":
                row.additional_domains += [domain_of(d) for d in split_many(str(text))]
            elif target.kind == "property" and target.name == "stage_id":
                stage_text = str(text)
            elif target.kind == "property":
                self._set(row, self.props[target.name], text)
        if stage_text is not None or (self.object_type == "deal" and "stage_id" in self.props):
            self._set_stage(row, stage_text)
        return row

    def _set(self, row: Row, spec: PropertySpec, cell: object) -> None:
        value = self._checked(row, spec, cell)
        if value is not _REFUSED:
            row.values[spec.name] = value

    def _set_new(self, row: Row, column: int, cell: object) -> None:
        value = self._checked(row, self.new_specs[column], cell)
        if value is not _REFUSED:
            row.new_values[column] = value

    def _checked(self, row: Row, spec: PropertySpec, cell: object) -> object:
        try:
            return self.value(spec, cell)
        except ValidationError as exc:
            problem = str(exc)
            if not problem.startswith(spec.label):  # the write path's messages name the field
                problem = _("{column}: {problem}", column=spec.label, problem=problem)
            row.errors.append(problem)
            return _REFUSED

    def value(self, spec: PropertySpec, cell: object) -> object:
        """`cell` as the value stored for `spec`, or ValidationError saying why not."""
        if spec.name == "pipeline_id":
            return self._pipeline(cell)
        if spec.type in ("number", "currency"):
            return coerce(self._session, spec, parse_number(cell, self.locale))
        if spec.type == "date":
            return parse_date(cell, self.locale)
        if spec.type == "datetime":
            return parse_datetime(cell, self.locale, self.time_zone)
        if spec.type == "bool":
            return parse_bool(cell, self.locale)
        if spec.type == "user":
            return self._user(cell)
        if spec.type == "enumeration" and spec.name in self._choices:
            value = self._choices[spec.name].get(fold(cell))
            if value is None:
                raise ValidationError(_("{value} is not one of its options.", value=quote(str(cell))))
            return value
        if spec.name == "domain":
            return coerce(self._session, spec, domain_of(str(cell)))
        if spec.name == "email":
            return self._email(spec, str(cell).strip().lower())
        return coerce(self._session, spec, cell)

    def _email(self, spec: PropertySpec, email: str) -> object:
        if not is_email_address(email):
            raise ValidationError(_("{value} is not an e-mail address.", value=quote(email)))
        return coerce(self._session, spec, email)

    def _user(self, cell: object) -> int:
        key = fold(cell)
        if key in self._users and self._users[key] is None:
            raise ValidationError(_("Several users are named {name}: use their e-mail instead.", name=quote(str(cell))))
        user_id = self._users.get(key)
        if user_id is None:
            raise ValidationError(_("No active user has the e-mail or name {value}.", value=quote(str(cell))))
        return user_id

    def _pipeline(self, cell: object) -> int:
        pipeline_id = self._pipelines.get(fold(cell))
        if pipeline_id is None:
            raise ValidationError(_("There is no pipeline named {name}.", name=quote(str(cell))))
        return pipeline_id

    def _set_stage(self, row: Row, text: str | None) -> None:
        """A stage is found in the row's pipeline, else in the first one; a deal without a
        stage starts in its pipeline's first stage, as a new deal on a board does."""
        pipeline_id = row.values.get("pipeline_id") or self._first_pipeline
        if pipeline_id is None:
            return
        if text is None:
            row.values.setdefault("pipeline_id", pipeline_id)
            row.values["stage_id"] = self._first_stage.get(pipeline_id)
            row.default_stage = True
            return
        stage_id = self._stages.get((pipeline_id, fold(text)))
        if stage_id is None:
            label = self.props["stage_id"].label
            row.errors.append(_("{column}: {problem}", column=label, problem=_no_stage(text)))
            return
        row.values["pipeline_id"] = pipeline_id
        row.values["stage_id"] = stage_id

    def creatable(self, row: Row) -> Row:
        """The row's values for a new record: what identifies it is there (a company's name
        falls back to its domain, a contact needs an e-mail or a name)."""
        values = row.values
        if self.object_type == "company" and not values.get("name") and values.get("domain"):
            values["name"] = values["domain"]
        required = {"company": ("name",), "deal": ("name",), "task": ("title",)}.get(self.object_type, ())
        for name in required:
            if not values.get(name):
                row.errors.append(_("{column} is required for a new record.", column=self.props[name].label))
        if self.object_type == "contact" and not (
            values.get("email") or values.get("first_name") or values.get("last_name")
        ):
            row.errors.append(_("A new contact needs an e-mail or a name."))
        return row


def for_update(row: Row) -> dict[str, object]:
    """A matched record's new values: read-only ones (a create date) and a deal's default
    stage are for new records only, and the domain or e-mail it was found by it has."""
    dropped = set(SETTABLE_ON_CREATE) | ({"pipeline_id", "stage_id"} if row.default_stage else set())
    dropped |= {row.matched_by} if row.matched_by else set()
    return {n: v for n, v in row.values.items() if n not in dropped}


def _no_stage(text: str) -> str:
    return _("There is no stage named {name} in this pipeline.", name=quote(text))


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
