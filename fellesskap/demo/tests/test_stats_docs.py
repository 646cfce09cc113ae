"""docs/demo-data.md's statistics section is exactly what the statistics code computes on the demo.

Lives here to reuse the session's demo year (conftest); the computation is
``fellesskap.stats.demo_report``.
"""

from datetime import timedelta
from pathlib import Path

from fellesskap.demo.isolation import add_isolation_records
from fellesskap.stats.demo_report import MEASURE_DAY, figures, markdown

DOC = Path(__file__).resolve().parents[3] / "docs" / "demo-data.md"


def test_the_statistics_table_in_the_docs_is_the_report(year_registry, year_events):
    day = add_isolation_records(year_registry, start=MEASURE_DAY, end=MEASURE_DAY + timedelta(days=1))
    expected = markdown(figures(year_registry, year_events, day))
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- stats-report:start -->\n", 1)[1].split("<!-- stats-report:end -->", 1)[0]
    assert table.strip() == expected.strip(), "run: python -m fellesskap.stats.demo_report, and paste it into the doc"
