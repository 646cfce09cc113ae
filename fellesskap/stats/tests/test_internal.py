"""Internal statistics: filters, drill-down as far as the role reaches, real counts, downloads."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h
from fellesskap.scenario.model import Prison
from fellesskap.stats import internal
from fellesskap.stats.access import stats_scope
from fellesskap.stats.tests.builders import excl, person, scenario, stay
from fellesskap.stats.tests.jsonstat_check import problems

OSLO = ZoneInfo("Europe/Oslo")
PRISONS = (Prison(code="OSL", region="east", security_level="high"),
           Prison(code="BRG", region="west", security_level="lower"))


def _sample():
    a = person("A", [stay("OSL", "2026-01-01T08:00:00+01:00", status="remand")],
               [excl("A1", "2026-03-10T10:00:00+01:00", "2026-03-11T10:00:00+01:00")], sex="male")
    b = person("B", [stay("OSL", "2026-01-01T08:00:00+01:00")],
               [excl("B1", "2026-03-12T10:00:00+01:00", "2026-03-13T10:00:00+01:00")], sex="female")
    c = person("C", [stay("BRG", "2026-01-01T08:00:00+01:00", status="remand")],
               [excl("C1", "2026-03-15T10:00:00+01:00", "2026-03-16T10:00:00+01:00", scope="partial")], sex="male")
    # Started in February: not in March's table.
    d = person("D", [stay("BRG", "2026-01-01T08:00:00+01:00")],
               [excl("D1", "2026-02-27T10:00:00+01:00", "2026-03-05T10:00:00+01:00")], sex="male")
    return scenario([a, b, c, d], prisons=PRISONS)


def _rows(**params):
    q = internal.parse_query({"table": "started", "month": "2026-03", **params})
    return internal.rows_for(_sample(), q)


def test_rows_by_level_area_and_filter():
    assert _rows() == [
        {"nation": "NO", "scope": "full", "status": "remand", "count": 1},
        {"nation": "NO", "scope": "full", "status": "sentenced", "count": 1},
        {"nation": "NO", "scope": "partial", "status": "remand", "count": 1}]
    assert _rows(level="region") == [
        {"region": "east", "scope": "full", "status": "remand", "count": 1},
        {"region": "east", "scope": "full", "status": "sentenced", "count": 1},
        {"region": "west", "scope": "partial", "status": "remand", "count": 1}]
    assert _rows(area="region:west", level="prison") == [
        {"prison": "BRG", "scope": "partial", "status": "remand", "count": 1}]
    assert _rows(sex="female") == [{"nation": "NO", "scope": "full", "status": "sentenced", "count": 1}]
    assert _rows(status="remand", security_level="lower") == [
        {"nation": "NO", "scope": "partial", "status": "remand", "count": 1}]
    assert _rows(area="prison:OSL", sex="other") == []


@pytest.mark.parametrize(("params", "field"), [
    ({"table": "nope"}, "table"),
    ({"month": "2026-13"}, "month"),
    ({"area": "region:east", "level": "nation"}, "level"),
    ({"area": "county:x"}, "area"),
    ({"sex": "unknown"}, "sex"),
    ({"table": "stock", "date": "18.03.2026"}, "date"),
    ({"table": "grounds", "from": "2026-03-01", "to": "2026-04-01", "area": "prison:OSL"}, "area"),
    ({"table": "coercive", "from": "2026-03-01", "to": "2026-03-01"}, "to"),
    ({"table": "durations", "from": "2026-03-01", "to": "2026-04-01", "level": "region"}, "area"),
    ({"table": "incidents", "from": "2026-03-01", "to": "2026-04-01", "sex": "female"}, "sex"),
    ({"table": "isolation_days", "from": "2026-01-01", "to": "2026-07-01"}, "to"),
])
def test_a_bad_query_names_its_field(params, field):
    with pytest.raises(internal.QueryError, match=f"^{field}: "):
        internal.parse_query({"table": "started", "month": "2026-03", **params})


def test_band_tables_keep_the_band_order_and_the_jsonstat_is_valid():
    q = internal.parse_query({"table": "day", "date": "2026-03-18"})
    rows = [{"nation": "NO", "band": "ge8h", "count": 2}, {"nation": "NO", "band": "lt2h", "count": 1}]
    dataset = internal.to_jsonstat(q, rows, datetime(2026, 3, 19, tzinfo=OSLO))
    assert problems(dataset) == []
    assert list(dataset["dimension"]["band"]["category"]["index"]) == ["lt2h", "2to4h", "4to8h", "ge8h"]
    assert dataset["value"] == [1, 0, 0, 2]


def _schema_valid(dataset):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "jsonstat-2.0-dataset.schema.json").read_text())
    jsonschema.validate(dataset, schema)


# ------------------------------------------------------------------ through the database


@pytest.fixture
def db_world(db):
    from fellesskap.records.tests.helpers import World, exclusion_in_force

    today = timezone.now().astimezone(OSLO).date()
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    at = lambda day, hour: datetime.combine(first + timedelta(days=day), time(hour), OSLO)  # noqa: E731
    osl, brg = h.make_prison("OSL", "east"), h.make_prison("BRG", "west", security_level="lower")
    for prison, sex in ((osl, "female"), (brg, "male")):
        unit = h.make_unit(prison, "A")
        p = h.make_person(prison, sex=sex, given_name="Solveig", family_name="Intern")
        s = h.make_stay(p, prison, at(0, 9), unit=unit)
        w = World(prison=prison, unit=unit, person=p, stay=s, leader=h.user_with_role(R.UNIT_LEADER, prison),
                  officer=h.user_with_role(R.OFFICER, prison), now=timezone.now())
        exclusion_in_force(w, start=at(1, 10), end=at(2, 10))
        if sex == "female":
            from fellesskap.records.models import Incident

            Incident.objects.create(person=p, prison=prison, kind="self_harm", at=at(3, 14),
                                    created_at=timezone.now(), created_by=w.officer)
    return {"month": first.strftime("%Y-%m"), "osl": osl, "brg": brg}


def _get(client, **params):
    return client.get(reverse("stats:internal"), params)


def test_scopes_by_role(db_world):
    analyst = h.user_with_role(R.DIRECTORATE_ANALYST, national=True)
    advisor = h.user_with_role(R.REGION_ADVISOR, region="east")
    leader = h.user_with_role(R.PRISON_LEADER, db_world["osl"])
    officer = h.user_with_role(R.OFFICER, db_world["osl"])
    assert stats_scope(analyst).allows("nation") and stats_scope(analyst).allows("prison:BRG")
    east = stats_scope(advisor)
    assert (east.allows("nation"), east.allows("region:east"), east.allows("prison:OSL"),
            east.allows("region:west"), east.allows("prison:BRG")) == (False, True, True, False, False)
    own = stats_scope(leader)
    assert (own.allows("region:east"), own.allows("prison:OSL"), own.allows("prison:BRG")) == (False, True, False)
    assert not stats_scope(officer).any


def test_the_analyst_drills_down_from_the_nation(client, db_world):
    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    page = _get(client, table="started", month=db_world["month"]).content.decode()
    assert "<td>NO</td>" in page and "level=region" in page
    page = _get(client, table="started", month=db_world["month"], level="region").content.decode()
    assert "<td>east</td>" in page and "<td>west</td>" in page and "area=region%3Aeast" in page
    page = _get(client, table="started", month=db_world["month"], area="region:east", level="prison").content.decode()
    assert "<td>OSL</td>" in page and "<td>BRG</td>" not in page
    page = _get(client, table="started", month=db_world["month"], level="prison", sex="male").content.decode()
    assert "<td>BRG</td>" in page and "<td>OSL</td>" not in page


def test_a_leader_and_an_advisor_stay_inside_their_scope(client, db_world):
    client.force_login(h.user_with_role(R.PRISON_LEADER, db_world["osl"]))
    assert _get(client, table="started", month=db_world["month"]).status_code == 200  # opens on their prison
    assert _get(client, table="started", month=db_world["month"], area="nation").status_code == 403
    assert _get(client, table="started", month=db_world["month"], area="prison:BRG").status_code == 403
    page = _get(client, table="started", month=db_world["month"], area="prison:OSL").content.decode()
    assert "<td>OSL</td>" in page and "ett nivå ned" not in page
    client.force_login(h.user_with_role(R.REGION_ADVISOR, region="east"))
    assert _get(client, table="started", month=db_world["month"], area="region:west").status_code == 403
    page = _get(client, table="started", month=db_world["month"], area="region:east").content.decode()
    assert "<td>east</td>" in page and "area=region%3Aeast&amp;level=prison" in page
    assert _get(client, table="started", month="2026-13").status_code == 400


def test_downloads_carry_real_counts_and_metadata(client, db_world):
    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    base = {"table": "started", "month": db_world["month"], "level": "prison"}
    text = _get(client, format="csv", **base).content.decode()
    data = list(csv.reader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert data[0] == ["prison", "scope", "status", "count"]
    assert sorted(data[1:]) == [["BRG", "full", "remand", "1"], ["OSL", "full", "remand", "1"]]  # 1, not ≤ 3
    assert "# title_en: Exclusions started" in text and "# level: prison" in text
    xlsx = _get(client, format="xlsx", **base)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats") and xlsx.content[:2] == b"PK"
    dataset = json.loads(_get(client, format="json", **base).content)
    assert problems(dataset) == [] and dataset["id"] == ["prison", "scope", "status", "measure"]
    _schema_valid(dataset)
    assert "Solveig" not in text and "Intern" not in json.dumps(dataset)
    assert _get(client, format="pdf", **base).status_code == 400


def test_an_empty_period_is_an_empty_table_not_an_error(client, db_world):
    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    for params in ({"table": "started", "month": "2019-01"}, {"table": "stock", "date": "2019-01-01"},
                   {"table": "day", "date": "2019-01-01"}, {"table": "coercive", "from": "2019-01-01",
                                                                "to": "2019-02-01"},
                   {"table": "grounds", "from": "2019-01-01", "to": "2019-02-01"}):
        response = _get(client, **params)
        assert response.status_code == 200, params
        assert "Ingenting å telle" in response.content.decode() or "Nothing counted" in response.content.decode()


def _chart(page: str) -> dict | None:
    import re

    found = re.search(r'<script id="chart-internal" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1)) if found else None


def test_the_internal_tables_draw_their_charts_from_the_same_rows(client, db_world):
    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    first = datetime.strptime(db_world["month"], "%Y-%m").date()
    page = _get(client, table="started", month=db_world["month"], level="prison").content.decode()
    spec = _chart(page)
    # Two prisons, one remand start each: one bar of 2 for the month, whatever the rows' level.
    assert [(v["month"], v["count"]) for v in spec["data"]["values"]] == [(db_world["month"], 2)]
    assert "stats/charts.js" in page and "vega-interpreter.js" in page
    grounds = _chart(_get(client, table="grounds", **{"from": first.isoformat(),
                                                     "to": (first + timedelta(days=28)).isoformat()}).content.decode())
    assert grounds["title"].startswith("Andel saker") and {v["share"] for v in grounds["data"]["values"]} == {1.0}
    day = _chart(_get(client, table="day", date=(first + timedelta(days=1)).isoformat()).content.decode())
    assert sum(v["count"] for v in day["data"]["values"]) == 2 and len(day["data"]["values"]) == 4
    # A table with no chart, and an empty one, draw nothing (and load no chart scripts).
    empty = _get(client, table="started", month="2019-01").content.decode()
    assert _chart(empty) is None and "stats/charts.js" not in empty


def test_the_events_table_counts_held_persons_and_those_with_an_event(client, db_world):
    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    first = datetime.strptime(db_world["month"], "%Y-%m").date()
    params = {"table": "events", "from": first.isoformat(), "to": (first + timedelta(days=28)).isoformat(),
              "level": "prison", "format": "csv"}
    text = _get(client, **params).content.decode()
    data = list(csv.reader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert data[0] == ["prison", "status", "sex", "held", "persons", "share"]
    # Each prison: one remand person held, excluded on day 2 of the month.
    assert sorted(data[1:]) == [["BRG", "remand", "male", "1", "1", "1.0"], ["OSL", "remand", "female", "1", "1", "1.0"]]
    dataset = json.loads(_get(client, **{**params, "format": "json"}).content)
    assert problems(dataset) == []


def test_the_rates_table_is_national_with_its_population(client, db_world):
    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    first = datetime.strptime(db_world["month"], "%Y-%m").date()
    period = {"table": "rates", "from": first.isoformat(), "to": (first + timedelta(days=28)).isoformat()}
    dataset = json.loads(_get(client, format="json", **period).content)
    assert problems(dataset) == [] and dataset["id"] == ["security_level", "counted", "measure"]
    text = _get(client, format="csv", **period).content.decode()
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    by = {(r["security_level"], r["counted"]): r for r in rows}
    assert by[("all", "exclusions")]["count"] == "2" and float(by[("all", "exclusions")]["population"]) > 0
    assert _get(client, area="region:east", **period).status_code == 400  # national only


def test_the_durations_table_is_national_with_mean_and_median(client, db_world):
    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    first = datetime.strptime(db_world["month"], "%Y-%m").date()
    period = {"table": "durations", "from": first.isoformat(), "to": (first + timedelta(days=28)).isoformat()}
    dataset = json.loads(_get(client, format="json", **period).content)
    assert problems(dataset) == [] and dataset["id"] == ["scope", "ground", "measure"]
    text = _get(client, format="csv", **period).content.decode()
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    # Two full exclusions of 24 h each ended in the month (one per prison).
    every = next(r for r in rows if r["scope"] == "full" and r["ground"] == "all")
    assert (every["count"], every["mean_hours"], every["median_hours"]) == ("2", "24.0", "24.0")
    assert _get(client, area="prison:OSL", **period).status_code == 400  # national only


def test_the_incidents_table_is_offered_on_the_internal_screen(client, db_world):
    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    first = datetime.strptime(db_world["month"], "%Y-%m").date()
    period = {"table": "incidents", "from": first.isoformat(), "to": (first + timedelta(days=28)).isoformat()}
    page = _get(client, **period)
    assert page.status_code == 200 and b'value="incidents"' in page.content
    dataset = json.loads(_get(client, format="json", **period).content)
    assert problems(dataset) == [] and dataset["id"] == ["kind", "sex", "measure"]
    text = _get(client, format="csv", **period).content.decode()
    rows = {(r["kind"], r["sex"]): r for r in csv.DictReader(line for line in io.StringIO(text)
                                                            if not line.startswith("#"))}
    assert set(rows) == {("self_harm", "female"), ("self_harm", "all")}
    assert (rows[("self_harm", "all")]["count"], rows[("self_harm", "all")]["top_share"]) == ("1", "1.0")


def test_the_longest_table_ranks_without_names(client, db_world):
    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    first = datetime.strptime(db_world["month"], "%Y-%m").date()
    period = {"table": "longest", "from": first.isoformat(), "to": (first + timedelta(days=28)).isoformat()}
    text = _get(client, format="csv", **period).content.decode()
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert [(r["rank"], r["days"], r["hours"]) for r in rows] == [("1", "1.0", "24.0"), ("2", "1.0", "24.0")]
    assert {r["prison"] for r in rows} == {"OSL", "BRG"} and "Solveig" not in text and "Intern" not in text
    dataset = json.loads(_get(client, format="json", **period).content)
    assert problems(dataset) == [] and dataset["id"] == ["rank", "prison", "ground", "status", "measure"]


def test_the_day_tables_come_from_the_ledger_of_the_period(client, db_world):
    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    first = datetime.strptime(db_world["month"], "%Y-%m").date()
    period = {"from": (first + timedelta(days=3)).isoformat(), "to": (first + timedelta(days=10)).isoformat()}
    text = _get(client, format="csv", table="association_days", **period).content.decode()
    rows = {(r["day_type"], r["band"]): r for r in csv.DictReader(line for line in io.StringIO(text)
                                                                   if not line.startswith("#"))}
    # Two persons held all seven days, with no association registered.
    assert rows[("all", "none")]["person_days"] == "14" and rows[("all", "none")]["per_100"] == "100.0"
    text = _get(client, format="csv", table="isolation_days", **period).content.decode()
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert [(r["cause"], r["days"], r["persons"]) for r in rows] == [("unregistered", "14", "2")]
    assert _get(client, table="isolation_days", area="prison:OSL", **period).status_code == 400


def test_the_measures_table_counts_declines_from_the_records(client, db_world):
    from fellesskap.records.models import IsolationReducingMeasure
    from fellesskap.registry.models import Person

    client.force_login(h.user_with_role(R.DIRECTORATE_ANALYST, national=True))
    first = datetime.strptime(db_world["month"], "%Y-%m").date()
    held = Person.objects.get(family_name="Intern", sex="female")
    officer = h.user_with_role(R.OFFICER, db_world["osl"])
    for day, response in ((4, "accepted"), (5, "declined"), (6, "declined")):
        IsolationReducingMeasure.objects.create(
            person=held, prison=db_world["osl"], at=datetime.combine(first + timedelta(days=day), time(10), OSLO),
            description="Tur", offered_by="activity_team", response=response, created_at=timezone.now(),
            created_by=officer)
    period = {"table": "measures", "from": first.isoformat(), "to": (first + timedelta(days=28)).isoformat()}
    text = _get(client, format="csv", **period).content.decode()
    rows = {r["status"]: r for r in csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#"))}
    assert (rows["all"]["offered"], rows["all"]["accepted"], rows["all"]["declined"]) == ("3", "1", "2")
    assert rows["all"]["declined_share"] == "0.667" and "Tur" not in text
    assert problems(json.loads(_get(client, format="json", **period).content)) == []
