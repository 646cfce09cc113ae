"""Every element forvaltningsloven and the brief require, in both languages.

Each expected text is written out by hand (dates checked against a calendar),
so a template or phrase that drops an element fails its own test.
"""

import pytest
from django.db import transaction

from fellesskap.letters.content import build_letter
from fellesskap.letters.render import render_html
from fellesskap.letters.tests import helpers as lh
from fellesskap.records import actions

pytestmark = pytest.mark.django_db

# (element, bokmål text, English text) — each must be inside that element.
ELEMENTS = [
    ("sender", "Kriminalomsorgen Fengsel Æsøy", "Norwegian Correctional Service Fengsel Æsøy"),
    ("addressee", "Ola Østby", "Ola Østby"),
    ("date", "2. mars 2026", "2 March 2026"),
    ("archive_reference", "2026/1234-5", "2026/1234-5"),
    ("title", "Vedtak om hel utelukkelse", "Decision on full exclusion"),
    ("scope", "hel utelukkelse", "full exclusion"),
    ("ground", "ro, orden og sikkerhet", "order and security"),
    ("legal_reference", "strgjfl. § 37 første ledd bokstav b", "strgjfl. § 37 første ledd bokstav b"),
    ("start", "2. mars 2026 kl. 09:00", "2 March 2026 at 09:00"),
    ("end", "inntil videre", "until further notice"),
    # Review: the region at start + 14 days; KDI at + 42 days, which crosses the
    # change to summer time (29 March), so 09:00 becomes 10:00 local time.
    ("review", "Frist: 16. mars 2026 kl. 09:00", "Due: 16 March 2026 at 09:00"),
    ("review", "Frist: 13. april 2026 kl. 10:00", "Due: 13 April 2026 at 10:00"),
    ("review", "avsluttes så snart vilkårene ikke lenger er til stede", "must end as soon as its conditions"),
    ("facts", lh.LETTER["facts"], lh.LETTER["facts"]),
    ("legal_basis", lh.LETTER["legal_basis"], lh.LETTER["legal_basis"]),
    ("reasons", lh.LETTER["reasons"], lh.LETTER["reasons"]),
    ("less_intrusive", lh.LETTER["less_intrusive_measures"], lh.LETTER["less_intrusive_measures"]),
    ("less_intrusive", "Hvorfor mindre inngripende tiltak ikke var tilstrekkelig",
     "Why less intrusive measures were not enough"),
    ("statement", lh.LETTER["own_statement"], lh.LETTER["own_statement"]),
    ("statement", "Din uttalelse", "Your statement"),
    ("appeal", "forvaltningsloven § 29", "(§ 29)"),
    ("appeal", "Klagefristen er 3 uker", "The deadline is 3 weeks"),
    ("appeal", "siste dag for å klage 23. mars 2026", "the last day to appeal is 23 March 2026"),
    ("appeal", "videre til regionen", "on to the region"),
    ("appeal", "skriftlig", "in writing"),
    ("documents", "forvaltningsloven § 18", "forvaltningsloven § 18"),
    ("decided_by", "Liv Leder, avdelingsleder", "Liv Leder, unit leader"),
    ("decided_by", "Nivå: Fengselet", "Level: The prison"),
    ("decided_by", "2. mars 2026 kl. 10:15", "2 March 2026 at 10:15"),
]


@pytest.fixture
def letter_world():
    prison, person, leader = lh.world()
    return person, leader, lh.exclusion(person, leader)


def _elements(record, language, **kwargs):
    return lh.Elements(render_html(build_letter(record, language, **kwargs)))


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """The one letter every element test reads, rendered once in each language
    (in a transaction that is rolled back, so no test sees its rows)."""
    with django_db_blocker.unblock(), transaction.atomic():
        _prison, person, leader = lh.world()
        exclusion = lh.exclusion(person, leader)
        letters = {language: lh.Elements(render_html(build_letter(exclusion, language))) for language in ("nb", "en")}
        transaction.set_rollback(True)
    return letters


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(("element", "nb", "en"), ELEMENTS, ids=[f"{e[0]}-{i}" for i, e in enumerate(ELEMENTS)])
def test_element(rendered, language, element, nb, en):
    assert (nb if language == "nb" else en) in rendered[language][element]


@pytest.mark.parametrize(("language", "sentences"), [
    ("nb", ["Vi har bestemt at du skal være utelukket fra fellesskapet (hel utelukkelse).",
            "Grunnen er: ro, orden og sikkerhet.",
            "Det gjelder fra 2. mars 2026 kl. 09:00 og til vi bestemmer noe annet.",
            "Siste dag er 23. mars 2026",
            "Du kan be om å se papirene i saken."]),
    ("en", ["We have decided that you are excluded from association (full exclusion).",
            "The reason is: order and security.",
            "It applies from 2 March 2026 at 09:00 until we decide otherwise.",
            "The last day is 23 March 2026",
            "You can ask to see the papers in your case."]),
])
def test_plain_language_summary_comes_first(letter_world, language, sentences):
    _person, _leader, exclusion = letter_world
    html = render_html(build_letter(exclusion, language))
    summary = lh.Elements(html)["summary"]
    for sentence in sentences:
        assert sentence in summary
    # At the top: before the formal decision and its reasons.
    assert html.index('data-element="summary"') < html.index('data-element="decision"')
    # Short sentences: none longer than 25 words.
    assert all(len(s.split()) <= 25 for s in build_letter(exclusion, language).summary)


def test_a_fixed_end_is_stated(letter_world):
    person, leader, _ = letter_world
    actions.do_end_exclusion(actor=leader, exclusion=_, at=lh.h.at("2026-03-04 09:00"))
    ended = lh.exclusion(person, leader, start="2026-03-10 08:00", end="2026-03-12 08:00")
    assert "12. mars 2026 kl. 08:00" in _elements(ended, "nb")["end"]
    # Two days: the 14- and 42-day reviews do not arise, the duty to end early does.
    review = _elements(ended, "en")["review"]
    assert "14 days" not in review and "42 days" not in review
    assert "reviewed continuously" in review
    assert "It applies from 10 March 2026 at 08:00 to 12 March 2026 at 08:00." in _elements(ended, "en")["summary"]


def test_the_fodselsnummer_is_never_in_the_letter(letter_world):
    person, _leader, exclusion = letter_world
    for language in ("nb", "en"):
        assert person.national_id not in render_html(build_letter(exclusion, language))


def test_statement_not_obtained(db):
    _prison, person, leader = lh.world()
    letter = {**lh.LETTER, "own_statement": "",
              "statement_not_obtained_reason": "You were too agitated to talk; we will ask again tomorrow."}
    exclusion = lh.exclusion(person, leader, letter=letter)
    nb, en = _elements(exclusion, "nb"), _elements(exclusion, "en")
    assert "Hvorfor vi ikke fikk din uttalelse" in nb["statement_not_obtained"]
    assert "Why we did not get your statement" in en["statement_not_obtained"]
    assert letter["statement_not_obtained_reason"] in en["statement_not_obtained"]


def test_an_empty_required_part_is_marked_not_hidden(db):
    _prison, person, leader = lh.world()
    exclusion = lh.exclusion(person, leader, letter={k: v for k, v in lh.LETTER.items() if k != "facts"})
    html = render_html(build_letter(exclusion, "en"))
    assert "Not given." in lh.Elements(html)["facts"]
    assert 'class="body missing"' in html


def test_partial_exclusion_says_from_what(db):
    _prison, person, leader = lh.world()
    exclusion = lh.exclusion(person, leader, scope="partial", partial_from="work and school")
    en = _elements(exclusion, "en")
    assert "Decision on partial exclusion" in en["title"]
    assert "work and school" in en["partial_from"]
    assert "You are excluded from: work and school." in en["summary"]
    # Partial exclusion: the region at 30 days (2026-04-01 09:00 is after the change to summer time).
    assert "Due: 1 April 2026 at 10:00" in en["review"]


def test_renewal_names_the_earlier_decision(letter_world):
    _person, leader, first = letter_world
    renewal = actions.do_renew_exclusion(actor=leader, previous=first, start=lh.h.at("2026-03-09 09:00"),
                                         letter={**lh.LETTER, "archive_reference": "2026/1234-9"},
                                         backdate_reason="entered for the test")
    renewal = lh.decide(renewal, "2026-03-09 09:05")
    nb, en = _elements(renewal, "nb"), _elements(renewal, "en")
    assert "fornyer vedtaket av 2. mars 2026 (referanse 2026/1234-5)" in nb["renews"]
    assert "renews the decision of 2 March 2026 (reference 2026/1234-5)" in en["renews"]
    # Review deadlines count from the start of the first decision, not the renewal.
    assert "Due: 16 March 2026 at 09:00" in en["review"]


def test_appeal_goes_above_the_deciding_level(db):
    _prison, person, leader = lh.world()
    exclusion = lh.exclusion(person, leader, decided_level="region")
    assert "Kriminalomsorgsdirektoratet (KDI)" in _elements(exclusion, "nb")["appeal"]
    assert "Level: The region" in _elements(exclusion, "en")["decided_by"]


def test_appeal_weeks_parameter_and_stored_deadline(letter_world):
    _person, leader, exclusion = letter_world
    four = _elements(exclusion, "en", appeal_weeks=4)["appeal"]
    assert "The deadline is 4 weeks" in four and "30 March 2026" in four
    # A deadline set on the decision (e.g. the letter was handed over later) wins.
    actions.do_correct_exclusion(actor=leader, exclusion=exclusion, changes={"appeal_deadline": lh.h.at(
        "2026-03-27 12:00").date()}, reason="handed over on 6 March")
    exclusion.refresh_from_db()
    assert "27 March 2026" in _elements(exclusion, "en")["appeal"]


def test_draft_is_marked(db):
    _prison, person, leader = lh.world()
    draft = actions.do_create_exclusion(actor=leader, person=person, scope="full", ground="own_wish",
                                        start=lh.h.at(lh.START), letter=lh.LETTER, backdate_reason="test")
    nb = _elements(draft, "nb")
    assert "UTKAST" in nb["watermark"]
    assert "ikke vedtatt ennå" in nb["decided_by"]


@pytest.mark.parametrize(("language", "title", "reason", "end", "legal"), [
    ("nb", "Vedtak om bruk av tvangsmiddel: sikkerhetscelle", "fare for andre", "6. mars 2026 kl. 07:10",
     "strgjfl. § 38"),
    ("en", "Decision on the use of a coercive means: security cell", "danger to others",
     "6 March 2026 at 07:10", "strgjfl. § 38"),
])
def test_security_cell_letter(db, language, title, reason, end, legal):
    _prison, person, leader = lh.world()
    means = lh.security_cell(person, leader)
    el = _elements(means, language)
    assert title in el["title"]
    assert reason in el["ground"]
    assert end in el["end"]
    assert legal in el["legal_reference"]
    assert "Hit an officer and went on fighting." in el["reasons"]
    # Decided when it started (5 March, a Thursday): 3 weeks later is Thursday 26 March.
    assert ("26. mars 2026" if language == "nb" else "26 March 2026") in el["appeal"]
    # Ended after 8.5 hours: the region's 72-hour review never arose.
    assert "72" not in el["review"]


def test_open_security_cell_states_the_region_review(db):
    _prison, person, leader = lh.world()
    means = lh.security_cell(person, leader, end=None)
    # The region within 72 h of the start (5 March 22:40 + 72 h), KDI within 144 h.
    assert "Frist: 8. mars 2026 kl. 22:40" in _elements(means, "nb")["review"]
    assert "Due: 11 March 2026 at 22:40" in _elements(means, "en")["review"]
    assert "until further notice" in _elements(means, "en")["end"]


def test_unknown_language_is_refused(letter_world):
    with pytest.raises(ValueError, match="language"):
        build_letter(letter_world[2], "sv")


def test_the_deciders_role_is_the_one_held_when_deciding(db):
    prison, person, _leader = lh.world()
    promoted = lh.h.make_user("promoted")
    promoted.first_name, promoted.last_name = "Per", "Forfremmet"
    promoted.save()
    lh.h.grant(promoted, "unit_leader", prison, valid_from=lh.h.at("2026-01-01 00:00"),
               valid_to=lh.h.at("2026-06-01 00:00"))
    lh.h.grant(promoted, "prison_leader", prison, valid_from=lh.h.at("2026-06-01 00:00"))
    exclusion = lh.exclusion(person, promoted)  # decided on 2 March 2026, as unit leader
    assert "Per Forfremmet, avdelingsleder" in _elements(exclusion, "nb")["decided_by"]
