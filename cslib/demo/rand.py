"""Seeded randomness for the demo: a cheaper `random.Random` and helpers for weighted and
distinct picks. Everything stays determined by the seed."""

from __future__ import annotations

import random


class DemoRandom(random.Random):
    """random.Random with cheaper choice/randint (one `random()` call each; the stock ones
    loop over getrandbits). Still fully determined by the seed."""

    def choice(self, seq):  # noqa: ANN001, ANN201
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


def bag(pairs) -> tuple:  # noqa: ANN001
    """(value, integer weight) pairs → a tuple with each value `weight` times, for a cheap
    weighted `rng.choice`."""
    return tuple(v for v, w in pairs for _ in range(w))


def distinct(rng: random.Random, pool: list[int], k: int) -> list[int]:
    """k picks without repeats while the pool lasts, then with repeats."""
    if k <= len(pool):
        return rng.sample(pool, k)
    return pool + rng.choices(pool, k=k - len(pool))


def keys_and_weights(pairs) -> tuple[list, list]:  # noqa: ANN001
    """(key, weight) pairs → ([keys], [weights]) for `rng.choices`."""
    return [k for k, _ in pairs], [w for _, w in pairs]
