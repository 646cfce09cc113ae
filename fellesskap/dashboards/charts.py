"""The trend chart (Vega-Lite 5), a pure function of already-computed rows,
built like :mod:`fellesskap.stats.charts` so the table beside it shows the same figures."""

from __future__ import annotations

from typing import Any

from fellesskap.stats.charts import HEIGHT, PALETTE, SCHEMA, WIDTH


def weekly_trend(rows: list[dict], *, title: str, week: str, days: str) -> dict[str, Any]:
    """Bars: isolated person-days per week; ``rows`` hold ``{week: ISO date, days}``."""
    return {"$schema": SCHEMA, "title": title, "description": title, "width": WIDTH, "height": HEIGHT,
            "data": {"values": rows}, "config": {"range": {"category": PALETTE}, "font": "sans-serif"},
            "mark": "bar", "encoding": {
                "x": {"field": "week", "type": "ordinal", "title": week},
                "y": {"field": "days", "type": "quantitative", "title": days},
                "tooltip": [{"field": "week", "title": week}, {"field": "days", "title": days}]}}
