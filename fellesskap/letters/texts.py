"""The fixed wording of a decision letter, bokmål and English side by side.

Kept here rather than in the gettext catalogue because the letter's language
is the person's choice, not the user's screen language, and because a lawyer
reviewing the wording should read both versions of each sentence together.
Placeholders are ``str.format`` fields filled by :mod:`fellesskap.letters.content`.
"""

from __future__ import annotations

LANGUAGES = ("nb", "en")

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "service": "Kriminalomsorgen",
        "to": "Til",
        "date": "Dato",
        "our_ref": "Vår referanse (Elements)",
        "no_ref": "ikke arkivert ennå",
        "case_id": "Saks-id i fellesskap",
        "draft": "UTKAST — ikke et vedtak ennå",
        "revoked": "Dette vedtaket er opphevet.",
        "title_exclusion": "Vedtak om {scope}",
        "title_coercive": "Vedtak om bruk av tvangsmiddel: {kind}",
        "summary_heading": "Kort fortalt",
        "sum_decided_exclusion": "Vi har bestemt at du skal være utelukket fra fellesskapet ({scope}).",
        "sum_decided_partial": "Du er utelukket fra: {partial_from}.",
        "sum_decided_coercive": "Vi har bestemt å bruke {kind} overfor deg.",
        "sum_why": "Grunnen er: {ground}.",
        "sum_from_to": "Det gjelder fra {start} til {end}.",
        "sum_from_open": "Det gjelder fra {start} og til vi bestemmer noe annet.",
        "sum_review": "Vi skal hele tiden vurdere om det kan slutte. Det skal slutte så snart grunnen ikke lenger er der.",
        "sum_appeal": "Du kan klage. Klagefristen er {weeks} uker. Siste dag er {deadline} hvis du får brevet {date}.",
        "sum_help": "Du kan be om å se papirene i saken. Be en ansatt om hjelp til å klage eller lese dem.",
        "decision_heading": "Vedtak",
        "scope": "Omfang",
        "partial_from": "Utelukket fra",
        "kind": "Tvangsmiddel",
        "ground": "Grunnlag",
        "legal_reference": "Hjemmel",
        "start": "Fra",
        "end": "Til",
        "until_further_notice": "inntil videre",
        "review_rule": "Vurdering underveis",
        "review_always": "Vedtaket vurderes fortløpende og skal avsluttes så snart vilkårene ikke lenger er til stede.",
        "review_by": "{level} skal ta stilling innen {due}.",
        "review_every": "Deretter skal {level} ta stilling minst hver {days}. dag.",
        "renews": "Dette vedtaket fornyer vedtaket av {date} (referanse {ref}).",
        "facts": "Faktiske forhold",
        "legal_basis": "Rettslig grunnlag",
        "reasons": "Begrunnelse",
        "less_intrusive": "Hvorfor mindre inngripende tiltak ikke var tilstrekkelig",
        "statement": "Din uttalelse",
        "statement_not_obtained": "Hvorfor vi ikke fikk din uttalelse",
        "not_given": "Ikke oppgitt.",
        "coercive_reason": "Årsak",
        "health_notified": "Helsetjenesten varslet",
        "escalated": "Meldt til {level}",
        "appeal_heading": "Du kan klage",
        "appeal_text": ("Du kan klage på vedtaket, jf. forvaltningsloven § 28. Klagefristen er {weeks} uker "
                        "fra du fikk vedtaket, jf. forvaltningsloven § 29. Fikk du vedtaket {date}, er siste "
                        "dag for å klage {deadline}."),
        "appeal_how": ("Klagen skal være skriftlig. Lever den til {prison}, som sender den videre til "
                       "{authority} hvis vi ikke selv endrer vedtaket. Skriv hvilket vedtak du klager på "
                       "og hva du ønsker endret, og skriv under. Du kan få hjelp av de ansatte til å skrive "
                       "klagen."),
        "appeal_no_suspend": "Vedtaket gjelder selv om du klager.",
        "appeal_more": "Mer om klage",
        "documents_heading": "Du kan se sakens dokumenter",
        "documents_text": ("Du har rett til å se dokumentene i saken, jf. forvaltningsloven § 18. "
                           "Spør en ansatt, så får du se dem."),
        "decided_by_heading": "Hvem som har bestemt",
        "decided_by_line": "{name}, {role}",
        "level": "Nivå",
        "decided_at": "Vedtatt",
        "not_decided": "ikke vedtatt ennå",
        "page": "Side",
        "authority_prison": "regionen",
        "authority_region": "Kriminalomsorgsdirektoratet (KDI)",
        "authority_directorate": "Justis- og beredskapsdepartementet",
        "level_prison": "Fengselet",
        "level_region": "Regionen",
        "level_directorate": "Kriminalomsorgsdirektoratet (KDI)",
        "level_name_prison": "fengsel",
        "level_name_region": "region",
        "level_name_directorate": "Kriminalomsorgsdirektoratet (KDI)",
        "role_unit_leader": "avdelingsleder",
        "role_prison_leader": "fengselsleder",
        "role_region_advisor": "regionrådgiver",
        "role_officer": "fengselsbetjent",
        "role_other": "saksbehandler",
        "no_name": "(uten navn)",
        "time_sep": "kl.",
    },
    "en": {
        "service": "Norwegian Correctional Service",
        "to": "To",
        "date": "Date",
        "our_ref": "Our reference (Elements)",
        "no_ref": "not archived yet",
        "case_id": "Case id in fellesskap",
        "draft": "DRAFT — not yet a decision",
        "revoked": "This decision has been revoked.",
        "title_exclusion": "Decision on {scope}",
        "title_coercive": "Decision on the use of a coercive means: {kind}",
        "summary_heading": "In short",
        "sum_decided_exclusion": "We have decided that you are excluded from association ({scope}).",
        "sum_decided_partial": "You are excluded from: {partial_from}.",
        "sum_decided_coercive": "We have decided to use a {kind} for you.",
        "sum_why": "The reason is: {ground}.",
        "sum_from_to": "It applies from {start} to {end}.",
        "sum_from_open": "It applies from {start} until we decide otherwise.",
        "sum_review": "We must keep checking whether it can end. It must end as soon as the reason is gone.",
        "sum_appeal": ("You can appeal. You have {weeks} weeks. The last day is {deadline} if you get this "
                       "letter on {date}."),
        "sum_help": "You can ask to see the papers in your case. Ask a member of staff to help you appeal or read them.",
        "decision_heading": "Decision",
        "scope": "Scope",
        "partial_from": "Excluded from",
        "kind": "Coercive means",
        "ground": "Ground",
        "legal_reference": "Legal reference",
        "start": "From",
        "end": "To",
        "until_further_notice": "until further notice",
        "review_rule": "Review",
        "review_always": ("The decision is reviewed continuously and must end as soon as its conditions are "
                          "no longer met."),
        "review_by": "The {level} must decide on it by {due}.",
        "review_every": "After that the {level} must decide on it at least every {days} days.",
        "renews": "This decision renews the decision of {date} (reference {ref}).",
        "facts": "Facts",
        "legal_basis": "Legal basis",
        "reasons": "Reasons",
        "less_intrusive": "Why less intrusive measures were not enough",
        "statement": "Your statement",
        "statement_not_obtained": "Why we did not get your statement",
        "not_given": "Not given.",
        "coercive_reason": "Reason",
        "health_notified": "Health service notified",
        "escalated": "Reported to the {level}",
        "appeal_heading": "You can appeal",
        "appeal_text": ("You can appeal against this decision (Public Administration Act, forvaltningsloven "
                        "§ 28). The deadline is {weeks} weeks from the day you were told of the decision "
                        "(§ 29). If you were told on {date}, the last day to appeal is {deadline}."),
        "appeal_how": ("Appeal in writing. Hand it to {prison}; if we do not change the decision ourselves, "
                       "we send your appeal on to {authority}. Say which decision you appeal against and what "
                       "you want changed, and sign it. Staff can help you write it."),
        "appeal_no_suspend": "The decision applies even if you appeal.",
        "appeal_more": "More about appeals",
        "documents_heading": "You can see the case documents",
        "documents_text": ("You have the right to see the documents of your case (forvaltningsloven § 18). "
                           "Ask a member of staff and you will be shown them."),
        "decided_by_heading": "Who decided",
        "decided_by_line": "{name}, {role}",
        "level": "Level",
        "decided_at": "Decided",
        "not_decided": "not decided yet",
        "page": "Page",
        "authority_prison": "the region",
        "authority_region": "the Directorate of the Correctional Service (KDI)",
        "authority_directorate": "the Ministry of Justice and Public Security",
        "level_prison": "The prison",
        "level_region": "The region",
        "level_directorate": "The Directorate of the Correctional Service (KDI)",
        "level_name_prison": "prison",
        "level_name_region": "region",
        "level_name_directorate": "Directorate (KDI)",
        "role_unit_leader": "unit leader",
        "role_prison_leader": "prison leader",
        "role_region_advisor": "region advisor",
        "role_officer": "prison officer",
        "role_other": "case officer",
        "no_name": "(no name)",
        "time_sep": "at",
    },
}

MONTHS = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def text(language: str, key: str, **values) -> str:
    """One phrase in ``language``, with its placeholders filled."""
    return TEXTS[language][key].format(**values)
