"""Norwegian date and number formats (23.11.2026, 1 234,5) through Django's
locale formats and the ``fk`` template filters."""

import datetime as dt

from django.template import Context, Template
from django.utils import formats, translation

NBSP = "\xa0"  # Django's bokmål thousand separator: a space that never breaks a number


def render(source: str, **context) -> str:
    return Template("{% load fk %}" + source).render(Context(context))


def test_bokmal_short_date():
    with translation.override("nb"):
        assert formats.date_format(dt.date(2026, 11, 23), "SHORT_DATE_FORMAT") == "23.11.2026"
        assert render("{{ d|short_date }}", d=dt.date(2026, 11, 23)) == "23.11.2026"
        assert render('{{ d|date:"DATE_FORMAT" }}', d=dt.date(2026, 11, 23)) == "23. november 2026"


def test_bokmal_numbers_group_with_space_and_use_a_comma():
    with translation.override("nb"):
        assert render("{{ x|number:1 }}", x=1234.5) == f"1{NBSP}234,5"
        assert render("{{ x|number }}", x=1234567) == f"1{NBSP}234{NBSP}567"
        assert render("{{ x|number:2 }}", x=0.5) == "0,50"


def test_english_for_comparison():
    with translation.override("en"):
        assert render("{{ x|number:1 }}", x=1234.5) == "1,234.5"
        assert render("{{ d|short_date }}", d=dt.date(2026, 11, 23)) == "11/23/2026"


def test_empty_values_render_empty():
    with translation.override("nb"):
        assert render("[{{ x|number:1 }}][{{ d|short_date }}]", x=None, d=None) == "[][]"
