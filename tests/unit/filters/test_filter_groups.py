"""The advanced-filter builder edits OR-ed groups of AND-ed conditions."""

from cslib.filters import from_groups, to_groups

A = {"property": "arr", "operator": "gt", "value": 1.0}
B = {"property": "name", "operator": "contains", "value": "acme"}


def test_groups_round_trip():
    for groups in ([[A]], [[A, B]], [[A], [B]], [[A, B], [B]]):
        assert to_groups(from_groups(groups)) == groups


def test_shapes_made_elsewhere():
    assert to_groups(None) == []
    assert to_groups(A) == [[A]]
    assert to_groups({"any": [A, {"all": [A, B]}]}) == [[A], [A, B]]
    assert to_groups({"all": [A, {"any": [A, B]}]}) is None  # deeper nesting: not editable here


def test_empty_groups_are_dropped():
    assert from_groups([[], [A], []]) == {"all": [A]}
    assert from_groups([[]]) is None


def test_count_conditions_counts_every_condition_at_any_depth():
    from cslib.filters import count_conditions

    assert count_conditions(None) == 0
    assert count_conditions(A) == 1
    assert count_conditions({"any": [{"all": [A, B]}, B]}) == 3
