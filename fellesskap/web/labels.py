"""Labels of vocabulary codes in the active language.

The vocabulary carries its own bokmål and English labels (it is shared with the
pure packages, which do not use Django's translation), so screens pick the
label by the language of the request instead of going through gettext."""

from __future__ import annotations

from django.utils.translation import get_language

from fellesskap import vocabulary as voc

_BY_NAME = {
    "ground": voc.GROUNDS, "scope": voc.SCOPES, "contact_kind": voc.CONTACT_KINDS,
    "coercive_kind": voc.COERCIVE_KINDS, "level": voc.REVIEW_LEVELS, "status": voc.STATUSES,
    "incident": voc.INCIDENT_KINDS,
}


def label(vocabulary: str, code: str | None) -> str:
    """The label of ``code`` in the named vocabulary; the code itself when unknown."""
    if not code:
        return ""
    nb = (get_language() or "nb").startswith(("nb", "no"))
    for term in _BY_NAME[vocabulary]:
        if term.code == code:
            return term.nb if nb else term.en
    return code


def choices(vocabulary: str) -> list[tuple[str, str]]:
    nb = (get_language() or "nb").startswith(("nb", "no"))
    return [(t.code, t.nb if nb else t.en) for t in _BY_NAME[vocabulary]]
