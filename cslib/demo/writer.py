"""Where the demo's rows go: one `Bulk` in the load's transaction, plus the association ids
(numbered in the order pairs are written) and the row counts per object for the summary."""

from __future__ import annotations

from datetime import datetime

from cslib.bulk import Bulk, association_row
from cslib.models import Association


class Writer:
    def __init__(self, bulk: Bulk):
        self.bulk = bulk
        self.summary: dict[str, int] = {}
        self._assoc_id = 0

    def associations(self, pairs: list[tuple[str, int, str, int, datetime]]) -> None:
        """Link (type, id) pairs, each stored once in the order `association_row` gives."""
        ts, start = self.bulk.ts, self._assoc_id
        self._assoc_id += len(pairs)
        self.bulk.insert(
            Association.__table__,
            (
                "id",
                "from_type",
                "from_id",
                "to_type",
                "to_id",
                "created_at",
            ),
            ((start + n, *association_row(a, ia, b, ib), ts(at)) for n, (a, ia, b, ib, at) in enumerate(pairs, 1)),
        )
