"""The load test's own parts that need no server: when a simulated user stops,
the samples file, and the per-request cost measurement (figures are never
asserted: speed is measured in ``make bench`` and ``make loadtest``)."""

import csv
import random
import time

import pytest

from fellesskap.security.load.figures import Sample, write_samples
from fellesskap.security.load.run import _user_loop


class FakeClient:
    def __init__(self):
        self.closed = False

    def log_in(self, username, password):
        return True

    def close(self):
        self.closed = True


class Stepper:
    """A user whose step is: a request, a pause, a request."""

    def __init__(self, client, sent):
        self.sent = sent

    def step(self, pause):
        self.sent.append(time.monotonic())
        pause()
        self.sent.append(time.monotonic())


def test_a_user_whose_pause_ends_after_the_window_stops_instead_of_clicking_at_the_end():
    sent: list[float] = []
    client = FakeClient()
    now = time.monotonic()
    stop_at = now + 0.3
    # Pauses of 0.5–1.5 × 0.2 s: the second or third pause crosses the end.
    _user_loop(lambda c: Stepper(c, sent), client, "u", "p", now, now, stop_at, 0.2, random.Random(3), [])
    assert sent, "the user worked"
    assert all(t < stop_at for t in sent), "nothing was sent once the window was over"
    assert client.closed
    assert time.monotonic() >= stop_at - 0.01, "the user waited out the window rather than leave early"


def test_work_starts_only_after_the_log_in_ramp():
    sent: list[float] = []
    now = time.monotonic()
    work_at, stop_at = now + 0.2, now + 0.25
    logged_in: list[str] = []
    _user_loop(lambda c: Stepper(c, sent), FakeClient(), "u", "p", now, work_at, stop_at, 1.0, random.Random(1),
               logged_in)
    assert logged_in == ["u"]
    assert sent and sent[0] >= work_at


def test_the_samples_file_lists_every_request_in_the_order_sent(tmp_path):
    samples = [Sample("ward board", 0.120, "ok", "", 12.5), Sample("api register", 0.050, "error", "HTTP 500", 11.0),
               Sample("login", 0.400, "ok", "", 9.0)]
    path = tmp_path / "samples.csv"
    write_samples(str(path), samples, began=10.0)
    rows = list(csv.DictReader(path.open()))
    assert [r["kind"] for r in rows] == ["login", "api register", "ward board"]
    assert [r["sent_s"] for r in rows] == ["-1.000", "1.000", "2.500"]
    assert rows[1]["ms"] == "50.0" and rows[1]["outcome"] == "error" and rows[1]["detail"] == "HTTP 500"


@pytest.mark.django_db(transaction=True)
def test_the_cost_measurement_runs_every_kind_of_request_once_per_round():
    from fellesskap.security.load.cost import KINDS, measure

    costs = measure(rounds=2, officers=2, leaders=1, units=1)
    assert [c.kind for c in costs] == list(KINDS)
    for c in costs:
        assert c.rounds == 2 and c.queries >= 1 and c.wall_ms_max >= c.wall_ms_median > 0
