"""The project's URLs plus one page with a chart, for the chart test only."""

from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path

from fellesskap.urls import urlpatterns as project_urlpatterns

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "data": {"values": [{"prison": "A", "hours": 1234.5}, {"prison": "B", "hours": 87.25}]},
    "layer": [
        {"mark": "bar"},
        {"mark": {"type": "text", "dx": 4, "align": "left"},
         "encoding": {"text": {"field": "hours", "type": "quantitative", "format": ",.1f"}}},
    ],
    "encoding": {
        "y": {"field": "prison", "type": "nominal"},
        "x": {"field": "hours", "type": "quantitative"},
    },
}

PAGE = Template(
    '{% extends "web/base.html" %}'
    '{% block head %}{% include "web/_chart_scripts.html" %}{% endblock %}'
    '{% block content %}<h1>Chart</h1>'
    '{% include "web/_chart.html" with id="hours" spec=spec title="Hours of contact" %}{% endblock %}'
)


def chart_page(request):
    return HttpResponse(PAGE.render(RequestContext(request, {"spec": SPEC})))


urlpatterns = [path("test-chart/", chart_page), *project_urlpatterns]
