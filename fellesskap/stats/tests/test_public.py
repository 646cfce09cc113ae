"""The public statistics page: no log-in, the latest edition, the history, and no personal data."""

from __future__ import annotations

import json
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h
from fellesskap.stats.actions import publish_edition
from fellesskap.stats.models import Edition
from fellesskap.stats.service import publication_from_database
from fellesskap.stats.tests.jsonstat_check import problems

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
GIVEN, FAMILY = "Ingeborg", "Qvistgaardsen"


@pytest.fixture
def published():
    """A person excluded last month in prison OSL, and last month's national edition from the database."""
    from fellesskap.records.tests.helpers import World, exclusion_in_force

    today = timezone.now().astimezone(OSLO).date()
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    at = lambda day, hour: datetime.combine(first + timedelta(days=day), time(hour), OSLO)  # noqa: E731
    prison = h.make_prison("OSL", "east")
    unit = h.make_unit(prison, "A")
    person = h.make_person(prison, given_name=GIVEN, family_name=FAMILY, birth_date=first.replace(year=1987))
    stay = h.make_stay(person, prison, at(0, 9), unit=unit)
    world = World(prison=prison, unit=unit, person=person, stay=stay,
                  leader=h.user_with_role(R.UNIT_LEADER, prison), officer=h.user_with_role(R.OFFICER, prison),
                  now=timezone.now())
    exclusion_in_force(world, start=at(1, 10), end=at(3, 10))
    period = first.strftime("%Y-%m")
    publication = publication_from_database(period, evaluated_at=timezone.now(), rule_packs={"no-current": "t"})
    analyst = h.user_with_role(R.DIRECTORATE_ANALYST, national=True)
    edition = publish_edition(publication, actor=analyst)
    return person, edition


def test_the_database_publication_counts_the_exclusion(published):
    _, edition = published
    assert edition.tables["started"]["rows"] == [{"prison": "OSL", "scope": "full", "status": "remand", "count": 1}]
    assert edition.tables["stock"]["rows"] == []  # the exclusion ended on the 4th
    assert not edition.tables["started"]["partial"]


def test_the_page_needs_no_login_and_shows_the_edition_suppressed(client, published):
    _, edition = published
    response = client.get("/statistikk/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{edition.period}, edition 1" in html
    # National total in full, the prison's count of 1 suppressed.
    section = html[html.index('id="table-started"'):html.index('id="table-stock"')]
    assert "<td>full exclusion</td><td>remand</td><td>1</td>" in section
    assert "<td>OSL</td><td>full exclusion</td><td>remand</td><td>≤ 3</td>" in section
    # Month by month (the table under the charts): one remand exclusion started, none long.
    assert f'<th scope="row">{edition.period}</th><td>1</td><td>0</td><td>0</td>' in html
    # The history: published figures with their sources.
    assert "meld-st-31" in html and "kdi-2020" in html and "<td title=\"meld-st-31\">21</td>" in html
    assert 'data-chart-spec="chart-history"' in html and "vendor/vega/vega-embed.min.js" in html


def test_the_shares_by_ground_table_and_its_chart(client, published):
    """The national edition's grounds table: cases, hours and both shares, beside the cases-against-hours chart."""
    _, edition = published
    assert [(r["cases"], r["hours"], r["cases_share"], r["hours_share"])
            for r in edition.tables["grounds"]["rows"]] == [(1, 48.0, 1.0, 1.0)]
    html = client.get("/statistikk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = html[html.index('id="table-grounds"'):html.index('id="series"')]
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", section).group(1)
    assert head.count("<th") == 5  # ground, cases, hours and both shares
    assert "<td>1</td><td>48.0</td><td>1.0</td><td>1.0</td>" in section
    assert 'data-chart-spec="chart-grounds"' in section
    spec = json.loads(re.search(r'<script id="chart-grounds" type="application/json">(.*?)</script>', section).group(1))
    assert {v["share"] for v in spec["data"]["values"]} == {1.0} and spec["encoding"]["yOffset"]


def test_no_personal_data_can_reach_the_page(client, published):
    person, edition = published
    with CaptureQueriesContext(connection) as queries:
        pages = [client.get("/statistikk/"), client.get("/statistikk/", HTTP_ACCEPT_LANGUAGE="en")]
        for table in edition.tables:
            for fmt in ("csv", "xlsx", "json"):
                pages.append(client.get(f"/statistikk/utgave/{edition.pk}/{table}.{fmt}"))
        pages.append(client.get(f"/statistikk/utgave/{edition.pk}.xlsx"))
        pages.append(client.get("/statistikk/diagram/history.json"))
    assert all(p.status_code == 200 for p in pages)
    # It reads only editions and reference figures (plus sessions for the language), never persons or records.
    tables_read = {t for q in queries.captured_queries for t in ("registry_", "records_", "audit_")
                   if t in q["sql"]}
    assert tables_read == set(), tables_read
    forbidden = [GIVEN, FAMILY, person.national_id, str(person.public_id), person.birth_date.isoformat(),
                 person.birth_date.strftime("%d.%m.%Y"), person.national_id[:6]]
    for page in pages:
        body = page.content.decode("utf-8", errors="replace") if page["Content-Type"] != \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" else _xlsx_text(page.content)
        for text in forbidden:
            assert text not in body, (page.request["PATH_INFO"], text)
    # Nor is any of it in the frozen edition itself.
    stored = json.dumps(Edition.objects.get(pk=edition.pk).tables)
    for text in forbidden:
        assert text not in stored


def _xlsx_text(data: bytes) -> str:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None)


def test_downloads_are_public_and_suppressed(client, published):
    _, edition = published
    csv_text = client.get(f"/statistikk/utgave/{edition.pk}/started.csv").content.decode()
    assert "OSL,full,remand,,≤ 3" in csv_text and "# title_en: Exclusions started" in csv_text
    dataset = client.get(f"/statistikk/utgave/{edition.pk}/started.json").json()
    assert problems(dataset) == [] and dataset["status"] and None in dataset["value"]


def test_only_national_editions_are_public(client, published):
    _, edition = published
    assert client.get(f"/statistikk/utgave/{edition.pk}/nope.csv").status_code == 404
    assert client.get(f"/statistikk/utgave/{edition.pk}/started.pdf").status_code == 404
    assert client.get(f"/statistikk/utgave/{edition.pk + 99}/started.csv").status_code == 404


def test_an_empty_site_says_nothing_is_published(client):
    response = client.get("/statistikk/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing has been published yet." in html
    assert "<td title=\"kdi-2020\">292</td>" in html  # the history is there from the reference data alone


def test_database_publication_for_a_region_and_a_prison(published):
    _, edition = published
    h.make_prison("BER", "west")
    for area, expected in (("region:east", 1), ("prison:OSL", 1), ("region:west", 0), ("prison:BER", 0)):
        publication = publication_from_database(edition.period, area=area, evaluated_at=timezone.now(),
                                                rule_packs={})
        assert sum(r["count"] for r in publication.tables["started"].rows) == expected, area
        assert publication.area == area
