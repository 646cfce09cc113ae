"""Percentiles of the timings, per kind of request (pure), and the samples as CSV."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    kind: str
    seconds: float
    outcome: str  # "ok", "conflict" (a 409 the officer is shown), or "error"
    detail: str = ""
    started: float = 0.0  # time.monotonic() when it was sent


@dataclass(frozen=True)
class KindFigures:
    kind: str
    count: int
    errors: int
    conflicts: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


def percentile(sorted_values: list[float], q: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``q`` % of
    the values at or below it (a value that was actually measured)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(samples: list[Sample]) -> list[KindFigures]:
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_kind[s.kind].append(s)
    result = []
    for kind in sorted(by_kind):
        group = by_kind[kind]
        ms = sorted(s.seconds * 1000 for s in group)
        result.append(KindFigures(kind, len(group), sum(s.outcome == "error" for s in group),
                                  sum(s.outcome == "conflict" for s in group),
                                  percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), ms[-1]))
    return result


def table(figures: list[KindFigures]) -> str:
    lines = [f"{'kind':<22}{'count':>7}{'errors':>8}{'409':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"]
    for f in figures:
        lines.append(f"{f.kind:<22}{f.count:>7}{f.errors:>8}{f.conflicts:>6}{f.p50_ms:>9.0f}{f.p95_ms:>9.0f}"
                     f"{f.p99_ms:>9.0f}{f.max_ms:>9.0f}")
    return "\n".join(lines)


def write_samples(path: str, samples: list[Sample], began: float) -> None:
    """Every request as a CSV row, in the order they were sent: a p95 says how
    slow the tail is, the rows say *when* it happened (a burst, the log-in ramp)."""
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["kind", "sent_s", "ms", "outcome", "detail"])
        for s in sorted(samples, key=lambda s: s.started):
            out.writerow([s.kind, f"{s.started - began:.3f}", f"{s.seconds * 1000:.1f}", s.outcome, s.detail])
