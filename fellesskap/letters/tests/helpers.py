"""A fixed world for letter tests: a person held in Prison A since February
2026, an exclusion decided on Monday 2 March 2026 (so the dates in the letter
can be checked by hand), and a parser that reads each element of the letter."""

from __future__ import annotations

from html.parser import HTMLParser

from fellesskap.records import actions
from fellesskap.records.models import CoerciveMeans, Exclusion
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h

LETTER = {
    "facts": "On 1 March you threatened two officers in the corridor of unit A.",
    "legal_basis": "strgjfl. § 37 første ledd bokstav b",
    "reasons": "The threats make it unsafe for staff and others to let you take part in association.",
    "less_intrusive_measures": "A warning and a move within the unit were tried on 1 March and did not help.",
    "own_statement": "You said you were angry about a cancelled visit.",
    "archive_reference": "2026/1234-5",
}
# The same letter as staff would write it in bokmål (for the bokmål sample).
LETTER_NB = {
    "facts": "Den 1. mars truet du to betjenter i gangen på avdeling A.",
    "legal_basis": "strgjfl. § 37 første ledd bokstav b",
    "reasons": ("Truslene gjør det utrygt for ansatte og andre innsatte at du er i fellesskapet. "
                "Vi har lagt vekt på at truslene ble gjentatt etter at du var advart."),
    "less_intrusive_measures": ("Advarsel og flytting til en annen celle på avdelingen ble prøvd 1. mars "
                                "og hjalp ikke. Delvis utelukkelse ville ikke hindret kontakt i gangen."),
    "own_statement": "Du sa at du var sint fordi et besøk ble avlyst, og at du ikke mente noe med det.",
    "archive_reference": "2026/1234-5",
}
DECIDED = "2026-03-02 10:15"
START = "2026-03-02 09:00"


def world():
    prison = h.make_prison("A", name="Fengsel Æsøy")
    unit = h.make_unit(prison, "A")
    person = h.make_person(prison, given_name="Ola", family_name="Østby")
    h.make_stay(person, prison, h.at("2026-02-01 12:00"), unit=unit)
    leader = h.user_with_role(R.UNIT_LEADER, prison)
    leader.first_name, leader.last_name = "Liv", "Leder"
    leader.save()
    return prison, person, leader


def decide(exclusion: Exclusion, instant: str = DECIDED) -> Exclusion:
    # The command layer stamps "now"; the tests need a fixed decision date.
    Exclusion.all_objects.filter(pk=exclusion.pk).update(decided_at=h.at(instant))
    return Exclusion.objects.select_related("person", "prison__region", "decided_by").get(pk=exclusion.pk)


def exclusion(person, leader, *, letter=None, start=START, end=None, scope="full", decided=DECIDED,
              **kwargs) -> Exclusion:
    draft = actions.do_create_exclusion(
        actor=leader, person=person, scope=scope, ground="order_and_security", start=h.at(start),
        end=h.at(end) if end else None, letter=LETTER if letter is None else letter,
        backdate_reason="entered for the test", **kwargs)
    return decide(actions.do_put_in_force(actor=leader, exclusion=draft), decided)


def security_cell(person, leader, end: str | None = "2026-03-06 07:10") -> CoerciveMeans:
    return actions.do_start_coercive_means(
        actor=leader, person=person, kind="security_cell", reason="danger_to_others",
        start=h.at("2026-03-05 22:40"), end=h.at(end) if end else None,
        reason_text="Hit an officer and went on fighting.", letter=LETTER, backdate_reason="entered for the test")


class Elements(HTMLParser):
    """The text inside every ``data-element`` of a letter, by element name."""

    def __init__(self, html: str):
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.text: dict[str, str] = {}
        self.feed(html)

    def _gap(self):
        # Tags separate words the way a reader sees them (a <br>, a new cell).
        for _tag, name in self.open:
            if name:
                self.text[name] = self.text.get(name, "") + " "

    def handle_starttag(self, tag, attrs):
        self._gap()
        if tag in ("meta", "br", "link"):
            return
        self.open.append((tag, dict(attrs).get("data-element")))

    def handle_endtag(self, tag):
        self._gap()
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _tag, name in self.open:
            if name:
                self.text[name] = self.text.get(name, "") + data

    def __getitem__(self, name: str) -> str:
        return " ".join(self.text[name].split())
