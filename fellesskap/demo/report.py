"""Target next to generated: the figures the demo aims at, computed from its output.

``python -m fellesskap.demo.report [--seed N]`` prints the markdown table that
docs/demo-data.md shows; a test checks that the document holds exactly this
output, so the table is never typed by hand. Pure (no Django); it counts
directly from the generated records with the definitions of measures.md,
simplified where the demo's records make that exact (decisions of one exclusion
never overlap, renewals share the exclusion's id prefix).
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fellesskap.demo.generate import TARGETS, Registry, census_instant, generate_registry, local_instant
from fellesskap.demo.isolation import IsolationRecords, add_isolation_records, chain_id
from fellesskap.demo.prisons import PRISONS_BY_CODE

LONG_HOURS = 42 * 24


@dataclass(frozen=True)
class Row:
    """One line of the table: what, the published target, the generated value, the source."""

    measure: str
    target: str
    generated: str
    source: str


def _episodes(records: dict[str, IsolationRecords], scope: str, until: datetime):
    """(person, ground, start, end) per exclusion (a chain of renewed decisions)."""
    out = []
    for pid, rec in records.items():
        chains: dict[str, list] = {}
        for e in rec.exclusions:
            if e.scope == scope:
                chains.setdefault(chain_id(e.id), []).append(e)
        for decisions in chains.values():
            start = min(d.start for d in decisions)
            end = max((d.end or until) for d in decisions)
            out.append((pid, decisions[0].ground, start, end))
    return out


def _union_minutes(intervals: list[tuple[datetime, datetime]]) -> float:
    total, cur_a, cur_b = 0.0, None, None
    for a, b in sorted(intervals):
        if cur_b is None or a > cur_b:
            if cur_b is not None:
                total += (cur_b - cur_a).total_seconds() / 60
            cur_a, cur_b = a, b
        else:
            cur_b = max(cur_b, b)
    if cur_b is not None:
        total += (cur_b - cur_a).total_seconds() / 60
    return total


def figures(registry: Registry, records: dict[str, IsolationRecords], day_records: dict[str, IsolationRecords],
            measure_day: date) -> list[Row]:
    """The comparison rows. ``records``: the whole year without sessions;
    ``day_records``: the sessions of ``measure_day`` (a weekday)."""
    year_start = local_instant(registry.period_start, time(0))
    year_end = local_instant(registry.period_end, time(0))
    census = census_instant(registry.period_end - timedelta(days=1))
    held = registry.stays_at(census)
    n = len(held)
    status = Counter(s.status for _, s in held)
    level = Counter(PRISONS_BY_CODE[s.prison].security_level for _, s in held)
    women = sum(p.sex == "female" for p, _ in held)
    admitted = sum(p.stays[0].start > year_start for p in registry.persons)

    full = _episodes(records, "full", year_end)
    hours = [(e - s).total_seconds() / 3600 for _, _, s, e in full]
    by_ground_cases = Counter(g for _, g, _, _ in full)
    by_ground_hours: Counter = Counter()
    for (_, g, _, _), h in zip(full, hours, strict=True):
        by_ground_hours[g] += h
    total_hours = sum(hours) or 1.0
    long_in_force = []
    for month in range(1, 13):
        m0 = local_instant(date(registry.year, month, 1), time(0))
        m1 = local_instant(date(registry.year + month // 12, month % 12 + 1, 1), time(0))
        long_in_force.append(sum(1 for _, _, s, e in full
                                 if e - s > timedelta(hours=LONG_HOURS) and s + timedelta(hours=LONG_HOURS) < m1
                                 and e > m0))
    means = Counter(m.kind for rec in records.values() for m in rec.coercive_means)
    incidents = Counter(i.kind for rec in records.values() for i in rec.incidents)
    sexes = {p.id: p.sex for p in registry.persons}
    women_self_harm = Counter(pid for pid, rec in records.items() for i in rec.incidents
                              if i.kind == "self_harm" and sexes[pid] == "female")
    top11 = sum(c for _, c in women_self_harm.most_common(11)) / max(1, sum(women_self_harm.values()))

    # Day measurement on one weekday: out-of-cell minutes (unlock ∪ outdoor ∪ association).
    d_census = census_instant(measure_day)
    excluded = {pid for pid, _, s, e in full if s <= d_census < e}
    bands_all, bands_excl = [], []
    for person, _stay in registry.stays_at(d_census):
        rec = day_records.get(person.id)
        spans = [] if rec is None else ([(x.start, x.end) for x in rec.unlock] + [(x.start, x.end) for x in rec.outdoor]
                                        + [(c.start, c.end) for c in rec.contacts if c.kind == "association"])
        minutes = _union_minutes(spans)
        if not spans:
            continue  # arrival or release day: no routine day to measure
        (bands_excl if person.id in excluded else bands_all).append(minutes)
    share_4_10 = sum(240 <= m < 600 for m in bands_all) / max(1, len(bands_all))
    share_ge4 = sum(m >= 240 for m in bands_all) / max(1, len(bands_all))
    excl_under_2 = sum(m < 120 for m in bands_excl) / max(1, len(bands_excl))

    def pct(x: float) -> str:
        return f"{100 * x:.1f} %"

    scale = registry.scale
    return [
        Row("persons held at the census of 31 December", f"{TARGETS.population * scale:,.0f}", f"{n:,}",
            "KDI annual report 2020 (seed 003)"),
        Row("of whom on remand", pct(TARGETS.remand / TARGETS.population), pct(status["remand"] / n),
            "710 of 3,011, seed 003"),
        Row("of whom in preventive detention (held)", f"{TARGETS.preventive_detention * scale:,.0f}",
            f"{status['preventive_detention']:,}", "172 sentenced, 32 outside prison, seed 003"),
        Row("of whom women", pct(TARGETS.women_share), pct(women / n), "about 6 %, seed 003"),
        Row("held in high / lower / halfway house", "2,286 / 619 / 106",
            f"{level['high']:,} / {level['lower']:,} / {level['halfway_house']:,}", "seed 003"),
        Row("admissions during the year", "≈ 7,000–8,500 (9,300 for 3,900 held)", f"{admitted:,}",
            "Vårt Land / KDI; scaled to 3,000"),
        Row("full exclusions started a month", f"{560 * scale:,.0f}", f"{len(full) / 12:,.0f}", "brief (KDI monthly figures)"),
        Row("median / mean duration of a full exclusion (h)", "≈ 14 / ≈ 74",
            f"{statistics.median(hours):.1f} / {statistics.mean(hours):.1f}", "brief (KDI)"),
        Row("full exclusions over 42 days in force a month", f"≈ {13 * scale:,.0f}",
            f"{statistics.mean(long_in_force):.1f}", "seed 003 (2020)"),
        Row("order and security: share of cases", "≈ 37 %",
            pct(by_ground_cases["order_and_security"] / len(full)), "brief (KDI)"),
        Row("building/staffing: cases / hours", "> 20 % / ≈ 2 %",
            f"{pct(by_ground_cases['building_or_staffing'] / len(full))} / "
            f"{pct(by_ground_hours['building_or_staffing'] / total_hours)}", "measures.md (2024)"),
        Row("own wish: cases / hours", "≈ 8 % / > 30 %",
            f"{pct(by_ground_cases['own_wish'] / len(full))} / {pct(by_ground_hours['own_wish'] / total_hours)}",
            "measures.md (2024)"),
        Row("security-cell placements a year", f"{300 * scale:,.0f}–{400 * scale:,.0f}", f"{means['security_cell']:,}",
            "Meld. St. 31 Table 7.1"),
        Row("security-bed placements a year", f"{15 * scale:,.0f}–{40 * scale:,.0f}", f"{means['security_bed']:,}",
            "Meld. St. 31 Table 7.1"),
        Row("self-harm / suicide attempts / suicides a year", "233 / 69 / 4 (2024)",
            f"{incidents['self_harm']} / {incidents['suicide_attempt']} / {incidents['suicide']}",
            "Meld. St. 31 Table 7.1"),
        Row("share of women's self-harm by the 11 most frequent", "≈ 70 %", pct(top11), "seed 001"),
        Row(f"not excluded: 4–10 h out of cell ({measure_day.isoformat()})", "most", pct(share_4_10),
            "brief; seed 003"),
        Row(f"not excluded: 4 h or more out of cell ({measure_day.isoformat()})", "most", pct(share_ge4),
            "brief; seed 003"),
        Row(f"fully excluded: under 2 h out of cell ({measure_day.isoformat()})", "most", pct(excl_under_2),
            "brief; seed 000 (2 h of contact a day)"),
    ]


def markdown(rows: list[Row]) -> str:
    lines = ["| measure | target | generated | source |", "|---|---|---|---|"]
    lines += [f"| {r.measure} | {r.target} | {r.generated} | {r.source} |" for r in rows]
    return "\n".join(lines) + "\n"


def compute(seed: int = 1, year: int = 2025, measure_day: date = date(2025, 3, 12)) -> list[Row]:
    registry = generate_registry(seed, year=year)
    records = add_isolation_records(registry, sessions=False)
    day_records = add_isolation_records(registry, start=measure_day, end=measure_day + timedelta(days=1))
    return figures(registry, records, day_records, measure_day)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(markdown(compute(args.seed)), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
