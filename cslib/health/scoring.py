"""Scoring, in vectorised pandas (no Python loop over customers): inputs to points per
criterion, points per group (clamped to the group's max), coverage, score and category;
the breakdown as JSON text; and the comparison of new scores with the stored ones (what
changed, and which criteria moved a score). Pure: no database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from cslib.health.vocabulary import DEFAULT_THRESHOLDS, criteria, input_column, known_column


def _bands_by_min(values: pd.Series, bands: list[dict]) -> np.ndarray:
    """Points of the highest band whose `min` ≤ value, 0 below every band."""
    if not bands:
        return np.zeros(len(values))
    mins = np.array([float(b["min"]) for b in bands])
    points = np.array([float(b["points"]) for b in bands])
    idx = np.searchsorted(mins, values.to_numpy(dtype=float), side="right") - 1
    return np.where(idx >= 0, points[np.clip(idx, 0, None)], 0.0)


def _bands_by_max_days(days: pd.Series, bands: list[dict], otherwise: float) -> np.ndarray:
    """Points of the first band whose `max_days` ≥ days; `otherwise` beyond the last band
    and when there never was an event (NaN)."""
    values = days.to_numpy(dtype=float)
    if not bands:
        return np.full(len(values), float(otherwise))
    maxes = np.array([float(b["max_days"]) for b in bands])
    points = np.append(np.array([float(b["points"]) for b in bands]), float(otherwise))
    idx = np.searchsorted(maxes, np.nan_to_num(values, nan=np.inf), side="left")
    return points[idx]


def _days_since(values: pd.Series, now: datetime) -> pd.Series:
    """Whole days between each timestamp and `now` (NaN for none)."""
    stamps = pd.to_datetime(values, utc=True, errors="coerce")
    delta = pd.Timestamp(now).tz_convert("UTC") - stamps
    return np.floor(delta.dt.total_seconds() / 86400).clip(lower=0)


def score_frame(inputs: pd.DataFrame, definition: dict, thresholds: dict | None, now: datetime) -> pd.DataFrame:
    """Scores from inputs: columns id, score, category, coverage and the breakdown's
    `g:` (group points), `c:` (criterion points) and `v:` (input value) columns; NaN is
    "missing". Rows with no data at all (coverage 0) are dropped."""
    out = pd.DataFrame({"id": inputs["id"].astype("int64")})
    present_max = np.zeros(len(inputs))
    total = np.zeros(len(inputs))
    for g in definition.get("groups", []):
        parts = []
        for c in g.get("criteria", []):
            points, value = _criterion_points(inputs, c, now)
            out[f"c:{c['key']}"] = points
            out[f"v:{c['key']}"] = value
            parts.append(points)
        group_sum = (
            pd.concat(parts, axis=1).sum(axis=1, min_count=1) if parts else pd.Series(np.nan, index=inputs.index)
        )
        max_points = float(g["max_points"])
        group_points = group_sum.clip(lower=0, upper=max_points)
        out[f"g:{g['key']}"] = group_points
        present = group_points.notna().to_numpy()
        present_max += np.where(present, max_points, 0.0)
        total += np.nan_to_num(group_points.to_numpy(dtype=float), nan=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(present_max > 0, total * 100.0 / present_max, np.nan)
    # Whole points, so the category always follows the score shown.
    out["score"] = np.round(score, 0)
    out["coverage"] = np.round(present_max / 100.0, 4)
    out = out[present_max > 0].copy()
    t = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    out["category"] = np.select(
        [out["score"] >= t["healthy"], out["score"] >= t["neutral"]], ["healthy", "neutral"], "at_risk"
    )
    return out.reset_index(drop=True)


def _criterion_points(inputs: pd.DataFrame, c: dict, now: datetime) -> tuple[pd.Series, pd.Series]:
    """(points, input value) of one criterion for every row; NaN points = missing input."""
    kind, raw = c["kind"], inputs[input_column(c["key"])]
    if kind == "property_condition":
        known = inputs[known_column(c["key"])].astype(float) == 1
        met = raw.astype(float)
        points = pd.Series(np.where(met == 1, float(c["points"]), 0.0), index=inputs.index)
        return points.where(known), met.where(known)
    if kind == "property_linear":
        value = pd.to_numeric(raw, errors="coerce").astype(float)
        low, high = float(c["low"]), float(c["high"])
        share = (value.clip(lower=low, upper=high) - low) / (high - low)
        points = float(c["points_low"]) + share * (float(c["points_high"]) - float(c["points_low"]))
        return points, value
    if kind in ("event_count", "open_tickets"):
        count = pd.to_numeric(raw, errors="coerce").fillna(0).astype(float)
        return pd.Series(_bands_by_min(count, c.get("bands", [])), index=inputs.index), count
    if kind == "recency":
        days = _days_since(raw, now)
        points = _bands_by_max_days(days, c.get("bands", []), float(c.get("otherwise", 0)))
        return pd.Series(points, index=inputs.index), days
    raise ValueError(f"unknown criterion kind {kind!r}")


def breakdown_columns(scores: pd.DataFrame) -> list[str]:
    return [c for c in scores.columns if c[:2] in ("g:", "c:", "v:")]


def breakdown_texts(scores: pd.DataFrame) -> list[str]:
    """The breakdown of every row as compact JSON text, built by pandas in C (NaN → null)."""
    cols = breakdown_columns(scores)
    if scores.empty:
        return []
    if not cols:
        return ["{}"] * len(scores)
    text = scores[cols].round(4).to_json(orient="records", lines=True, double_precision=10)
    return text.rstrip("\n").split("\n")


@dataclass
class Diff:
    upserts: pd.DataFrame  # new or changed current scores (with old_* columns, NaN when new)
    removed: list[int]  # customers this profile no longer scores


def diff_scores(scores: pd.DataFrame, stored: pd.DataFrame) -> Diff:
    scores = scores.assign(breakdown=breakdown_texts(scores))
    merged = scores.merge(stored.astype({"id": "int64"}), on="id", how="left")
    changed = (
        merged["old_score"].isna()
        | (merged["score"] != merged["old_score"])
        | (merged["category"] != merged["old_category"])
        | (merged["coverage"].round(4) != merged["old_coverage"].astype(float).round(4))
        | (merged["breakdown"] != merged["old_breakdown"])
    )
    removed = sorted(set(stored["id"].astype("int64")) - set(scores["id"])) if len(stored) else []
    return Diff(merged[changed].reset_index(drop=True), [int(i) for i in removed])


def changes(definition: dict, old_text: str | None, new_row: dict) -> list[dict]:
    """Criteria whose points changed between two breakdowns, biggest change first."""
    old = json.loads(old_text) if isinstance(old_text, str) and old_text else {}
    out = []
    for g, c in criteria(definition):
        key = f"c:{c['key']}"
        before, after = _num(old.get(key)), _num(new_row.get(key))
        if before == after:
            continue
        out.append(
            {"key": c["key"], "label": c.get("label", ""), "group": g.get("name", ""), "old": before, "new": after}
        )
    return sorted(out, key=lambda ch: -abs((ch["new"] or 0) - (ch["old"] or 0)))


def _num(value: object) -> float | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return round(float(value), 2)
