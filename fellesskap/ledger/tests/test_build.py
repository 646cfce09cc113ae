"""build_ledger as a whole: ordering, and sessions as columns or as records."""

from __future__ import annotations

import dataclasses

from fellesskap.bench import synthetic_population, with_sessions
from fellesskap.ledger import build_ledger, compute_days, compute_episodes


def test_columns_records_and_processes_give_the_same_ledger():
    scenario, frame = synthetic_population(persons=9, days=40, seed=3)
    # Input order must not matter: persons come out ordered by id.
    scenario = dataclasses.replace(scenario, persons=tuple(reversed(scenario.persons)))
    frame = dataclasses.replace(frame, person=len(scenario.persons) - 1 - frame.person)
    from_columns = build_ledger(scenario, sessions=frame)
    records = with_sessions(scenario, frame)
    from_records = build_ledger(records)
    assert from_columns == from_records
    assert [d.person for d in from_columns.days] == sorted(d.person for d in from_columns.days)
    assert len(from_columns.days) == 9 * 40
    # And the same as the per-person sweep.
    person = min(records.persons, key=lambda p: p.id)
    assert from_records.days[:40] == compute_days(person, records)
    assert [e for e in from_records.episodes if e.person == person.id] == [
        e for e in compute_episodes(person, records.evaluated_at)
        if e.start < records.evaluated_at]


def test_streaks_count_runs_and_reset():
    import numpy as np

    from fellesskap.ledger.columnar import streaks

    iso = np.array([[True, True, False, True, True, True], [False, False, True, False, True, True]])
    assert streaks(iso).tolist() == [[1, 2, 0, 1, 2, 3], [0, 0, 1, 0, 1, 2]]
