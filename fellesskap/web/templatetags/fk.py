"""Template filters shared by every screen: form widgets in Designsystemet
markup and Norwegian number and date formats.

``{% load fk %}`` then ``{{ form.field|ds_widget }}``, ``{{ hours|number:1 }}``,
``{{ day|short_date }}``.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats

register = template.Library()

# Designsystemet styles every native control (text, select, textarea,
# checkbox, radio) through one class and the element's own type.
_WIDGET_CLASS = "ds-input"


@register.filter
def ds_widget(bound_field):
    """Render a bound field's widget with the Designsystemet class, marked
    invalid and tied to its error messages so a screen reader reads them."""
    attrs = {"class": _WIDGET_CLASS}
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


@register.filter
def duration(minutes):
    """Whole minutes as hours and minutes: 190 is "3 t 10 min" in bokmål, "3 h 10 min" in English."""
    from django.utils.translation import gettext as _

    if minutes is None or minutes == "":
        return ""
    minutes = int(minutes)
    h, m = divmod(abs(minutes), 60)
    sign = "−" if minutes < 0 else ""
    if h and m:
        text = _("%(hours)d h %(minutes)d min") % {"hours": h, "minutes": m}
    elif h:
        text = _("%(hours)d h") % {"hours": h}
    else:
        text = _("%(minutes)d min") % {"minutes": m}
    return sign + text


@register.filter
def clock(value):
    """An instant as local time of day, HH:MM (Europe/Oslo)."""
    if not value:
        return ""
    from django.utils import timezone

    return timezone.localtime(value).strftime("%H:%M")
