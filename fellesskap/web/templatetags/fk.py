"""Template filters shared by every screen: form widgets in Designsystemet
markup and Norwegian number and date formats.

``{% load fk %}`` then ``{{ form.field|ds_widget }}``, ``{{ hours|number:1 }}``,
``{{ day|short_date }}``.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats

register = template.Library()

# Designsystemet styles native controls by class; the class depends on the
# kind of control, not on the field.
_WIDGET_CLASS = {"checkbox": "ds-input", "radio": "ds-input", "select": "ds-input", "textarea": "ds-input"}


@register.filter
def ds_widget(bound_field):
    """Render a bound field's widget with the Designsystemet class, marked
    invalid and tied to its error messages so a screen reader reads them."""
    widget = bound_field.field.widget
    kind = getattr(widget, "input_type", None) or widget.__class__.__name__.lower()
    attrs = {"class": _WIDGET_CLASS.get(kind, "ds-input")}
    described = [f"{bound_field.auto_id}_help"] if bound_field.help_text else []
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        described += [f"{bound_field.auto_id}_error_{i}" for i in range(1, len(bound_field.errors) + 1)]
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def number(value, decimals=0):
    """A number grouped by thousands in the active language's format:
    ``1234.5|number:1`` is "1 234,5" in bokmål and "1,234.5" in English."""
    if value is None or value == "":
        return ""
    return floatformat(value, f"{int(decimals)}g")


@register.filter
def short_date(value):
    """A date as the active language writes it short: 23.11.2026 in bokmål."""
    if not value:
        return ""
    return formats.date_format(value, "SHORT_DATE_FORMAT")
