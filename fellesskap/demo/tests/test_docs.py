"""docs/demo-data.md shows exactly what the generator produces (never typed by hand)."""

from datetime import date, timedelta
from pathlib import Path

from fellesskap.demo.isolation import add_isolation_records
from fellesskap.demo.report import figures, markdown

DOC = Path(__file__).resolve().parents[3] / "docs" / "demo-data.md"
MEASURE_DAY = date(2025, 3, 12)  # the day ``python -m fellesskap.demo.report`` measures


def test_the_table_in_the_docs_is_the_report(year_registry, year_events):
    day = add_isolation_records(year_registry, start=MEASURE_DAY, end=MEASURE_DAY + timedelta(days=1))
    expected = markdown(figures(year_registry, year_events, day, MEASURE_DAY))
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- demo-report:start -->\n", 1)[1].split("<!-- demo-report:end -->", 1)[0]
    assert table.strip() == expected.strip(), "run: python -m fellesskap.demo.report, and paste it into the doc"
