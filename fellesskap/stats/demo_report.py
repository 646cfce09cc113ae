"""The demo year through the statistics code, next to the published figures it is calibrated to.

``python -m fellesskap.stats.demo_report [--seed N]`` prints the markdown
table of docs/demo-data.md's statistics section; a test
(``fellesskap/demo/tests/test_stats_docs.py``) fails if the document does not
hold exactly this output, so the table is never typed by hand.

Unlike ``fellesskap.demo.report``, which counts straight from the generated
records, every figure here comes from the tables the directorate publishes
(``fellesskap.stats.tables`` via the ledger's episodes, the day measurement of
``fellesskap.stats.daymeasure``), on the demo exported as a scenario. The
published figures of Meld. St. 31 Table 7.1 are read from the shipped
reference data (``data/reference.csv``), not typed here.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from fellesskap.stats import daymeasure, reference, tables
from fellesskap.stats.compute import census_days, month_period, scenario_episodes
from fellesskap.stats.tally import round_half_away

YEAR = 2025
MEASURE_DAY = date(2025, 3, 12)


@dataclass(frozen=True)
class Row:
    measure: str
    published: str
    demo: str
    source: str


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.1f} %"


def _mean(values: list[int]) -> str:
    return f"{round_half_away(Decimal(sum(values)) / Decimal(len(values)), 1):.1f}"


def _table_71(measure: str) -> str:
    best = reference.preferred(reference.load())
    years = sorted(y for (m, y) in best if m == measure)
    last = years[-1]
    low = min(best[(measure, y)].value for y in years)
    high = max(best[(measure, y)].value for y in years)
    return f"{best[(measure, last)].value} ({last}); {low}–{high} ({years[0]}–{last})"


def figures(registry, records: Mapping, day_records: Mapping, measure_day: date = MEASURE_DAY,
            year: int = YEAR) -> list[Row]:
    from fellesskap.demo.export import to_scenario

    scenario = to_scenario(registry, date(year, 1, 1), date(year + 1, 1, 1), records=records)
    episodes = scenario_episodes(scenario, need_over_22h=False)
    started_full, long_counts = [], []
    for month in range(1, 13):
        start, end = month_period(year, month)
        started_full.append(sum(r.count for r in tables.started(scenario, episodes, start, end) if r.scope == "full"))
        long_counts.append(sum(r.count for r in tables.long(scenario, episodes, start, end)))
    first, after = date(year, 1, 1), date(year + 1, 1, 1)
    coercive: dict[str, int] = {}
    for r in tables.coercive(scenario, first, after):
        coercive[r.kind] = coercive.get(r.kind, 0) + r.count
    grounds = {r.ground: r for r in tables.grounds(scenario, first, after)}

    def share(ground: str, field: str) -> float | None:
        row = grounds.get(ground)
        return getattr(row, field) if row else 0.0

    day = to_scenario(registry, measure_day, measure_day + timedelta(days=1), records=day_records)
    measured = daymeasure.measure(day, census_days(day, measure_day), measure_day)
    nation = daymeasure.summarise(measured)[0]
    high = next((s for s in daymeasure.summarise(measured, "security_level") if s.key == "high"), None)
    return [
        Row("full exclusions started a month (table `started`, mean of the year)", "560",
            _mean(started_full), "brief (KDI monthly figures)"),
        Row("full exclusions over 42 days in force a month (table `long`, mean)", "≈ 13 (2020), 11 (2019)",
            _mean(long_counts), "seed 003"),
        Row(f"security-cell uses started in {year} (table `coercive`)", _table_71("security_cell"),
            str(coercive.get("security_cell", 0)), "KDI 2020 and Meld. St. 31 Table 7.1 (reference data)"),
        Row(f"security-bed uses started in {year} (table `coercive`)", _table_71("security_bed"),
            str(coercive.get("security_bed", 0)), "KDI 2020 and Meld. St. 31 Table 7.1 (reference data)"),
        Row("order and security: share of cases (table `grounds`)", "≈ 37 %",
            _pct(share("order_and_security", "cases_share")), "brief (KDI)"),
        Row("building/staffing: share of cases / of hours (table `grounds`)", "> 20 % / ≈ 2 %",
            f"{_pct(share('building_or_staffing', 'cases_share'))} / "
            f"{_pct(share('building_or_staffing', 'hours_share'))}", "measures.md (2024)"),
        Row("own wish: share of cases / of hours (table `grounds`)", "≈ 8 % / > 30 %",
            f"{_pct(share('own_wish', 'cases_share'))} / {_pct(share('own_wish', 'hours_share'))}",
            "measures.md (2024)"),
        Row(f"day measurement {measure_day}: persons held at 12:00", "3,011 (31.12.2020)",
            f"{nation.persons:,}", "seed 003"),
        Row(f"day measurement {measure_day}: under 2 h out of cell, raw / adjusted", "not in the seeds",
            f"{_pct(nation.raw_share_under_2h)} / {_pct(nation.adjusted_share_under_2h)}",
            "measures.md defines it; no published value"),
        Row(f"day measurement {measure_day}: fully isolated (22 h or more without contact)", "not in the seeds",
            f"{nation.fully_isolated:,}", "measures.md"),
        Row(f"day measurement {measure_day}: high security, 8 h or more out of cell", "not in the seeds",
            f"{_pct(None if high is None or not high.persons else high.bands['ge8h'] / high.persons)}",
            "brief: most have 4–10 h"),
    ]


def markdown(rows: list[Row]) -> str:
    lines = ["| measure | published | demo (statistics code) | source |", "|---|---|---|---|"]
    lines += [f"| {r.measure} | {r.published} | {r.demo} | {r.source} |" for r in rows]
    return "\n".join(lines) + "\n"


def compute(seed: int = 1) -> list[Row]:
    from fellesskap.demo.generate import generate_registry
    from fellesskap.demo.isolation import add_isolation_records

    registry = generate_registry(seed, year=YEAR)
    records = add_isolation_records(registry, sessions=False)
    day_records = add_isolation_records(registry, start=MEASURE_DAY, end=MEASURE_DAY + timedelta(days=1))
    return figures(registry, records, day_records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fellesskap.stats.demo_report")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(markdown(compute(args.seed)), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
