"""Property-based tests of the filter model on the real database: junk never gets past
validation into SQL, well-formed filters select exactly what a Python re-evaluation
selects, and hostile text stays a bound parameter."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select

from cslib.filters import (
    OPERATOR_LABELS,
    PRESETS,
    UNITS,
    FilterContext,
    FilterError,
    compile_filter,
    date_bounds,
    describe,
    operators_for,
    validate,
    value_kind,
)
from cslib.models import Company
from tests.factories import company_props_with_customs, make_company, make_user

SETTINGS = settings(max_examples=150, deadline=None)
JUNK_SETTINGS = settings(max_examples=100, deadline=None)
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
PROPS = company_props_with_customs()

# Value pools shared by the seeded rows and the generated filters, so filters do match.
TEXTS = ["Acme", "acme co", "a%b", "a_b", "A/B", "ab", "Ba", " b", "%", "_", "b%", "B_", "gold", "Gold"]
TEXT_ALPHABET = "aAbB%_ /"
NUMBERS = [-100.0, -1.5, 0.0, 1.0, 2.5, 3.0, 10.0, 100.0, 1e6]
DAYS = [NOW.date() + timedelta(days=d) for d in (-400, -95, -40, -8, -7, -1, 0, 1, 2, 6, 7, 31, 90)]
INSTANTS = [NOW + timedelta(hours=h) for h in (-2000, -170, -49, -25, -13, -1, 0, 1, 11, 12, 13, 30, 200)]
INSTANTS += [datetime(2026, 3, 15, 11, tzinfo=UTC), datetime(2026, 3, 16, 10, tzinfo=UTC)]  # day starts


def _seed(session) -> tuple[FilterContext, list[Company]]:
    """Companies with values from the pools (None and "" included) in every property."""
    rnd = random.Random(20260315)
    me, other = make_user(session), make_user(session)
    users = [None, me.id, other.id]

    def pick(pool, blank=(None,)):
        return rnd.choice(list(pool) + list(blank))

    rows = []
    for i in range(40):
        custom = {
            "tier": pick(TEXTS, (None, "")),
            "score": pick(NUMBERS),
            "active": pick([True, False]),
            "signed_on": pick([d.isoformat() for d in DAYS]),
            "last_login": pick([t.astimezone(UTC).isoformat() for t in INSTANTS]),
            "plan": pick(["free", "pro"]),
            "sponsor": pick(users[1:]),
            "code": pick(["7", 8, "x1"]),
        }
        custom = {k: v for k, v in custom.items() if v is not None or rnd.random() < 0.5}
        rows.append(
            make_company(
                session,
                name=rnd.choice(TEXTS) + str(i % 3),
                domain=pick(TEXTS),
                city=pick(TEXTS, (None, "")),
                country=pick(TEXTS, (None, "")),
                phone=pick(["+49 30 1", "555_1%"]),
                description=pick(TEXTS),
                owner_id=pick(users[1:]),
                csm_owner_id=pick(users[1:]),
                created_at=rnd.choice(INSTANTS),
                last_activity_at=pick(INSTANTS),
                lifecycle_stage=pick(["lead", "customer", "other"]),
                industry=pick(["retail", "energy"]),
                arr=pick(NUMBERS),
                renewal_date=pick(DAYS),
                nps=pick([-100, 0, 3, 10, 100]),
                employees=pick([0, 1, 2, 3, 50]),
                health_score=pick(NUMBERS),
                health_category=pick(["at_risk", "healthy"]),
                custom=custom,
            )
        )
    return FilterContext(user_id=me.id, now=NOW, time_zone="Pacific/Auckland"), rows


def _run(session, where, rows) -> set[int]:
    """Ids among `rows` selected by `where`, in a savepoint so an error cannot poison the
    transaction (PostgreSQL) while Hypothesis shrinks."""
    with session.begin_nested():
        return set(session.scalars(select(Company.id).where(Company.id.in_([r.id for r in rows]), where)))


# --- a Python re-evaluation of the model ---------------------------------------------------------


def _value(row: Company, name: str):
    spec = PROPS[name]
    value = row.custom.get(name) if spec.custom else getattr(row, name)
    if spec.custom and isinstance(value, str) and spec.type == "date":
        return date.fromisoformat(value)
    if spec.custom and isinstance(value, str) and spec.type == "datetime":
        return datetime.fromisoformat(value)
    return value


def _matches(flt: dict, row: Company, ctx: FilterContext) -> bool:
    if "all" in flt:
        return all(_matches(child, row, ctx) for child in flt["all"])
    if "any" in flt:
        return any(_matches(child, row, ctx) for child in flt["any"])
    spec, op, want = PROPS[flt["property"]], flt["operator"], flt.get("value")
    value = _value(row, spec.name)
    unknown = value is None or value == ""
    if op in ("is_known", "is_unknown"):
        return unknown == (op == "is_unknown")
    if op in ("is_true", "is_false"):
        return value is (op == "is_true")
    if op in ("neq", "not_contains", "not_in"):
        positive = {"neq": "eq", "not_contains": "contains", "not_in": "in"}[op]
        return unknown or not _matches({**flt, "operator": positive}, row, ctx)
    if unknown:
        return False
    if spec.type in ("string", "text"):
        text = value.lower()
        return {
            "eq": lambda: text == want.lower(),
            "contains": lambda: want.lower() in text,
            "starts_with": lambda: text.startswith(want.lower()),
            "in": lambda: text in [w.lower() for w in want],
        }[op]()
    if spec.type in ("number", "currency"):
        v = float(value)
        return {
            "eq": lambda: v == want,
            "lt": lambda: v < want,
            "lte": lambda: v <= want,
            "gt": lambda: v > want,
            "gte": lambda: v >= want,
            "between": lambda: want["min"] <= v <= want["max"],
        }[op]()
    if spec.type in ("date", "datetime"):
        low, high, inclusive = date_bounds(op, want, ctx, with_time=spec.type == "datetime")
        return (low is None or value >= low) and (high is None or (value <= high if inclusive else value < high))
    if spec.type == "user":
        return value in [ctx.user_id if w == "me" else w for w in want]
    return str(value) in [str(w) for w in want]


# --- strategies ------------------------------------------------------------------------------------

texts = st.one_of(st.sampled_from(TEXTS), st.text(TEXT_ALPHABET, min_size=1, max_size=4))
numbers = st.one_of(st.sampled_from(NUMBERS), st.integers(-200, 200), st.floats(-1e7, 1e7, allow_nan=False))
days = st.one_of(st.sampled_from(DAYS), st.dates(date(2024, 1, 1), date(2028, 12, 31)))


def _pair(strategy, low_key: str, high_key: str, convert=lambda v: v):
    return st.tuples(strategy, strategy).map(lambda p: {low_key: convert(min(p)), high_key: convert(max(p))})


def _values(spec, kind: str | None):
    if kind is None:
        return st.none()
    return {
        "text": texts,
        "texts": st.lists(texts, min_size=1, max_size=4),
        "number": numbers,
        "number_range": _pair(numbers, "min", "max"),
        "date": days.map(date.isoformat),
        "date_range": _pair(days, "from", "to", date.isoformat),
        "period": st.fixed_dictionaries({"amount": st.integers(1, 40) | st.just(3650), "unit": st.sampled_from(UNITS)}),
        "preset": st.sampled_from([p for p, _ in PRESETS]),
        "options": st.lists(
            st.sampled_from(sorted(spec.option_values) or ["7", 8, "x1", "zz"]), min_size=1, max_size=3
        ),
        "users": st.lists(st.sampled_from(["me", 1, 2, 3, 999]), min_size=1, max_size=3),
    }[kind]


@st.composite
def conditions(draw) -> dict:
    spec = draw(st.sampled_from(list(PROPS.values())))
    op = draw(st.sampled_from([op for op, _ in operators_for(spec)]))
    value = draw(_values(spec, value_kind(spec, op)))
    return {"property": spec.name, "operator": op} | ({} if value is None else {"value": value})


def well_formed(depth: int = 4):
    if depth == 0:
        return conditions()
    groups = st.builds(
        lambda key, children: {key: children},
        st.sampled_from(["all", "any"]),
        st.lists(well_formed(depth - 1), max_size=2),
    )
    return st.one_of(conditions(), groups)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=15,
)
plausible_values = st.one_of(
    texts,
    numbers,
    days.map(date.isoformat),
    st.sampled_from(["me", "today", "", "1e999", "NaN"]),
    st.lists(st.one_of(texts, st.integers(-5, 2**40), st.just("me"), st.booleans()), max_size=4),
    st.dictionaries(st.sampled_from(["min", "max", "from", "to", "amount", "unit"]), json_values | numbers, max_size=3),
)
random_conditions = st.fixed_dictionaries(
    {
        "property": st.sampled_from(list(PROPS)) | st.text(max_size=5),
        "operator": st.sampled_from(list(OPERATOR_LABELS)) | json_values,
    },
    optional={"value": plausible_values | json_values},
)
# Well-formed conditions with one part swapped for something else: mostly near misses.
mutated_conditions = st.builds(
    lambda c, key, v: {**c, key: v},
    conditions(),
    st.sampled_from(["value", "value", "operator", "property"]),
    plausible_values | json_values | st.sampled_from(list(OPERATOR_LABELS)) | st.sampled_from(list(PROPS)),
)
near_misses = st.recursive(
    st.one_of(
        conditions(),
        mutated_conditions,
        mutated_conditions,
        random_conditions,
        conditions().map(lambda c: {**c, "extra": 1}),
        json_values,
    ),
    lambda inner: st.builds(
        lambda key, children: {key: children}, st.sampled_from(["all", "any"]), st.lists(inner, max_size=4)
    ),
    max_leaves=10,
)
random_json = st.one_of(
    json_values,
    st.dictionaries(
        st.sampled_from(["all", "any", "none"]), st.lists(json_values, max_size=3) | json_values, min_size=1, max_size=2
    ),
)


# --- properties ----------------------------------------------------------------------------------


def _refused_or_runs(session, strategy) -> None:
    """Each value either raises FilterError (from validate and compile_filter alike) or
    validates to a stable normal form, describes, compiles and runs."""
    ctx, rows = _seed(session)

    @JUNK_SETTINGS
    @given(raw=strategy)
    def check(raw):
        try:
            flt = validate(raw, PROPS)
        except FilterError:
            refused = True
        else:
            refused = False
            assert validate(flt, PROPS) == flt
            assert isinstance(describe(flt, PROPS, {}), str)
        try:
            where = compile_filter(raw, PROPS, ctx)
        except FilterError:
            assert refused
            return
        assert not refused
        _run(session, where, rows)

    check()


def test_random_json_is_refused_or_runs(session):
    _refused_or_runs(session, random_json)


def test_near_miss_filters_are_refused_or_run(session):
    _refused_or_runs(session, near_misses)


def test_well_formed_filters_select_what_python_selects(session):
    ctx, rows = _seed(session)

    @SETTINGS
    @given(raw=well_formed())
    def check(raw):
        flt = validate(raw, PROPS)
        got = _run(session, compile_filter(raw, PROPS, ctx), rows)
        expected = {row.id for row in rows if flt is None or _matches(flt, row, ctx)}
        assert got == expected
        assert describe(raw, PROPS, {}) or flt is None

    check()


HOSTILE = st.one_of(
    st.sampled_from(
        [
            "'; DROP TABLE companies; --",
            "Robert'); DROP TABLE companies;--",
            '" OR 1=1 --',
            "' OR ''='",
            "%",
            "_",
            "%_%",
            "\\",
            "\\'",
            "/",
            "//%",
            "$1",
            "%(name_1)s",
            "?",
            ":param",
            "%s",
            "*/ SELECT 1 /*",
        ]
    ),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=60),
    st.text("'\";-%_\\/ x", min_size=900, max_size=990),
)
MARK = "Zq9x"  # so the value cannot occur in the SQL text by chance


def test_hostile_text_stays_a_bound_parameter(session):
    ctx, rows = _seed(session)
    dialect = session.get_bind().dialect

    @SETTINGS
    @given(
        text=HOSTILE,
        prop=st.sampled_from(["name", "city", "description", "tier"]),
        op=st.sampled_from(["eq", "neq", "contains", "not_contains", "starts_with", "in", "not_in"]),
    )
    def check(text, prop, op):
        value = MARK + text
        flt = {"property": prop, "operator": op, "value": [value, "x"] if op in ("in", "not_in") else value}
        where = compile_filter(flt, PROPS, ctx)
        sql = str(select(Company.id).where(where).compile(dialect=dialect))
        assert MARK not in sql
        matched = _run(session, where, rows)
        assert matched == {row.id for row in rows if _matches(validate(flt, PROPS), row, ctx)}
        assert inspect(session.connection()).has_table("companies")

    check()
    assert session.scalar(select(func.count()).select_from(Company)) >= len(rows)


def test_hostile_rows_match_literally(session):
    """Values that look like SQL or LIKE patterns, stored in rows, are found only by themselves."""
    ctx, _ = _seed(session)
    stored = ["'; DROP TABLE companies; --", "100%", "a_b", "a\\b", "x/y", "o'brien"]
    rows = [make_company(session, name=text) for text in stored]
    for text in stored:
        assert _run(
            session, compile_filter({"property": "name", "operator": "eq", "value": text}, PROPS, ctx), rows
        ) == {rows[stored.index(text)].id}
        found = _run(
            session, compile_filter({"property": "name", "operator": "contains", "value": text}, PROPS, ctx), rows
        )
        assert found == {r.id for r in rows if text.lower() in r.name.lower()}
    try:
        validate({"property": "name", "operator": "eq", "value": "a\x00b"}, PROPS)
    except FilterError:
        pass
    else:
        raise AssertionError("NUL must be refused: PostgreSQL cannot store it")
