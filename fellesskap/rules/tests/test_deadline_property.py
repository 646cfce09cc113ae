"""A slow, obviously correct reading of the deadline semantics (rules.md),
written from the spec's sentences one by one, agrees with the engine on random
episodes, reviews and evaluation instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from fellesskap.rules import load_pack

from .helpers import episode, exclusion, person, review, run, scenario

BASE = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
RULES = ("no.full_exclusion.region_14d", "no.full_exclusion.kdi_42d", "no.full_exclusion.kdi_every_14d")


def reference(rule_id, start, end, reviews, evaluated_at):
    """Deadlines by definition: enumerate candidate dues, keep those the spec lists."""
    p = load_pack("no-current").rule(rule_id).parameters
    first = timedelta(days=p["after_days"])
    interval = timedelta(days=p["repeat_days"]) if "repeat_days" in p else None
    levels = set(p["levels"])  # "region" = region or directorate; "KDI" = directorate only
    out = []
    for k in range(0, 60 if interval else 1):
        due = start + first + (interval * k if interval else timedelta(0))
        in_force = end is None or end > due  # "ongoing, or it ended after due"
        if not in_force:
            continue
        if interval and end is None and not (due - interval <= evaluated_at):
            continue  # a repeating deadline of an ongoing episode: only once its window has opened
        ok = []
        for level, when in reviews:
            if when >= evaluated_at or level not in levels:
                continue  # not happened yet, or not at a level that counts
            lower_bound_ok = (due - interval < when) if interval else (start <= when)
            if lower_bound_ok and when <= due:
                ok.append(when)
        met_at = min(ok) if ok else None
        status = "met" if ok else ("missed" if due <= evaluated_at else "pending")
        out.append((due, status, met_at))
    return out


hours = st.integers(min_value=0, max_value=24 * 120)


@settings(max_examples=150, deadline=None)
@given(
    length=st.one_of(st.none(), hours),
    evaluated=st.integers(min_value=1, max_value=24 * 130),
    reviews=st.lists(st.tuples(st.sampled_from(["prison", "region", "directorate"]), hours), max_size=6),
)
def test_engine_agrees_with_the_reference(length, evaluated, reviews):
    start = BASE
    evaluated_at = start + timedelta(hours=evaluated)
    end = None if length is None else start + timedelta(hours=max(length, 1))
    if end is not None and end > evaluated_at:
        end = None  # the ledger reports an episode still running at evaluated_at as ongoing
    recs = [(lvl, start + timedelta(hours=h)) for lvl, h in reviews]
    iso = lambda t: t.isoformat()  # noqa: E731
    p = person(
        exclusions=(exclusion("E1", iso(start), iso(end) if end else None),),
        reviews=tuple(review("E1", lvl, iso(t)) for lvl, t in recs),
    )
    scn = scenario(p, start="2026-03-01", end="2026-07-20", evaluated_at=iso(evaluated_at))
    ep = episode("full_exclusion", ("E1",), iso(start), iso(end) if end else None)
    _, deadlines = run(scn, (), [ep], ["no-current"])
    for rule_id in RULES:
        got = [(x.due, x.status, x.met_at) for x in deadlines if x.rule == rule_id]
        assert got == reference(rule_id, start, end, recs, evaluated_at), rule_id
