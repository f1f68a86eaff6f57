"""The health charts (cslib.charts), as the Overview draws them: the score distribution
stacked by category and the average over time with each category's share."""

from datetime import UTC, date, datetime, timedelta

from cslib import health as hs
from cslib.ui.overview.health import distribution_figure, over_time_figure

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def test_distribution_figure_stacks_categories_in_their_colours():
    bins = {"at_risk": [1] + [0] * 9, "neutral": [0] * 4 + [2] + [0] * 5, "healthy": [0] * 9 + [3]}
    fig = distribution_figure(bins)
    assert [t.name for t in fig.data] == ["At risk", "Neutral", "Healthy"]
    assert [t.marker.color for t in fig.data] == ["#d64545", "#e8a33d", "#2e9e5b"]
    assert list(fig.data[2].y) == bins["healthy"] and list(fig.data[0].x) == list(hs.BAND_LABELS)
    assert fig.layout.barmode == "stack"
    assert fig.layout.title.text == "Score distribution"
    assert fig.layout.xaxis.title.text == "Health score" and fig.layout.yaxis.title.text == "Customers"


def test_over_time_figure_average_on_the_left_shares_on_the_right():
    import pandas as pd

    df = pd.DataFrame(
        {
            "day": pd.to_datetime([date(2026, 3, 1), date(2026, 3, 2)]),
            "customers": [10, 10],
            "avg_score": [50.0, 52.5],
            "at_risk": [20.0, 10.0],
            "neutral": [50.0, 60.0],
            "healthy": [30.0, 30.0],
        }
    )
    fig = over_time_figure(df)
    assert [t.name for t in fig.data] == ["Average score", "At risk %", "Neutral %", "Healthy %"]
    assert [t.yaxis for t in fig.data] == [None, "y2", "y2", "y2"]  # None: the first (left) axis
    assert (fig.layout.yaxis2.overlaying, fig.layout.yaxis2.side) == ("y", "right")
    assert [t.line.color for t in fig.data[1:]] == ["#d64545", "#e8a33d", "#2e9e5b"]
    assert list(fig.data[0].y) == [50.0, 52.5]
    assert fig.layout.title.text == "Average score over time"
    assert fig.layout.yaxis2.title.text == "Share of customers (%)"


def test_over_time_figure_of_a_new_profile_spans_a_week():
    import pandas as pd

    one = pd.DataFrame(
        {
            "day": [pd.Timestamp(TODAY)],
            "customers": [3],
            "avg_score": [50.0],
            "at_risk": [0.0],
            "neutral": [100.0],
            "healthy": [0.0],
        }
    )
    low, high = (pd.Timestamp(v) for v in over_time_figure(one).layout.xaxis.range)
    assert high - low == pd.Timedelta(days=7)
    days = pd.to_datetime([TODAY - timedelta(days=30), TODAY])
    long = pd.DataFrame(
        {"day": days, "customers": [3, 3], "avg_score": [50.0, 51.0], **{c: [0.0, 0.0] for c in hs.CATEGORIES}}
    )
    assert over_time_figure(long).layout.xaxis.range is None
