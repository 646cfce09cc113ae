"""Labels of vocabulary codes and rule ids in the active language
(``{% load fk_labels %}``): ``{{ code|vocab:"ground" }}``, ``{{ rule_id|rule_text }}``."""

from django import template

from fellesskap.web import deadlines, labels

register = template.Library()


@register.filter
def vocab(code, vocabulary):
    return labels.label(vocabulary, code)


@register.filter
def rule_text(rule_id):
    return deadlines.rule_text(rule_id)
