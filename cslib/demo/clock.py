"""The demo's sense of time: every row is dated relative to one `now` (naive UTC), and
"today" in a user's time zone starts at that user's local midnight."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cslib.demo.accounts import DEMO_ACCOUNTS


class Clock:
    def __init__(self, now: datetime):
        self.now = now
        self.now_aware = now.replace(tzinfo=UTC)
        self.today = now.date()
        self.zones = {i: ZoneInfo(a.time_zone) for i, a in enumerate(DEMO_ACCOUNTS, start=1)}
        self._day_start: dict[tuple[int, int], datetime] = {}

    def ago(self, days: float) -> datetime:
        return (self.now - timedelta(seconds=int(days * 86_400))).replace(microsecond=0)

    def day_start(self, user_id: int, offset: int) -> datetime:
        """UTC instant of local midnight `offset` days from the user's today."""
        key = (user_id, offset)
        if key not in self._day_start:
            tz = self.zones[user_id]
            d = self.now_aware.astimezone(tz).date() + timedelta(days=offset)
            self._day_start[key] = datetime.combine(d, time(), tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
        return self._day_start[key]

    def weekday(self, user_id: int, offset: int) -> int:
        """Weekday (Monday 0) of the day `offset` days from the user's today."""
        return (self.now_aware.astimezone(self.zones[user_id]).date() + timedelta(days=offset)).weekday()
