"""The controlled vocabulary of the domain, in one place.

Every ground, kind, status and level that a record, the scenario format, the
ledger or a statistic uses is listed here with its bokmål and English label and,
where there is one, its legal source. The pure code (scenario parser, ledger,
rules) and the Django models (choices) read the same tuples, so that a value
cannot be known to one layer and unknown to another.

Sources: ../shared/spec/glossary.md and scenario-format.md, the Execution of
Sentences Act (straffegjennomføringsloven, strgjfl.) and the Criminal Procedure
Act (straffeprosessloven, strpl.).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary: the code used in data, its labels, its source."""

    code: str
    nb: str
    en: str
    source: str = ""


def _codes(terms: tuple[Term, ...]) -> frozenset[str]:
    return frozenset(t.code for t in terms)


# Custody status (status for et opphold). `sentenced` in statistics includes
# preventive detention (statistics.md).
STATUSES: tuple[Term, ...] = (
    Term("remand", "varetekt", "remand", "strpl. § 184"),
    Term("sentenced", "domfelt", "sentenced", "strgjfl. § 1"),
    Term("preventive_detention", "forvaring", "preventive detention", "straffeloven § 40"),
)

# Scope of an exclusion (utelukkelse): hel (full) or delvis (partial).
SCOPES: tuple[Term, ...] = (
    Term("full", "hel utelukkelse", "full exclusion", "strgjfl. § 37"),
    Term("partial", "delvis utelukkelse", "partial exclusion", "strgjfl. § 37"),
)

# Grounds of exclusion (utelukkelsesgrunnlag), scenario-format.md. The letters
# of § 37 first paragraph are as we read the Act; to be verified by a lawyer.
GROUNDS: tuple[Term, ...] = (
    Term("order_and_security", "ro, orden og sikkerhet", "order and security",
         "strgjfl. § 37 første ledd bokstav b"),
    Term("danger_to_self_or_others", "hindre skade på seg selv eller andre", "danger to self or others",
         "strgjfl. § 37 første ledd bokstav c"),
    Term("negative_influence", "negativ påvirkning av miljøet", "negative influence on others",
         "strgjfl. § 37 første ledd bokstav a"),
    Term("material_damage", "vesentlig skade på materiell", "significant material damage",
         "strgjfl. § 37 første ledd bokstav d"),
    Term("criminal_acts", "hindre straffbare handlinger", "preventing criminal acts",
         "strgjfl. § 37 første ledd bokstav e"),
    Term("building_or_staffing", "bygningsmessige eller bemanningsmessige forhold",
         "building or staffing reasons", "strgjfl. § 37 fjerde ledd"),
    Term("own_wish", "eget ønske", "own wish", "strgjfl. § 37 annet ledd"),
    Term("remand_restriction", "restriksjoner ilagt av retten (varetekt)",
         "court-ordered remand restriction", "straffeprosessloven § 186a"),
    Term("quarantine", "karantene eller smittevern", "quarantine or infection control",
         "smittevernloven; strgjfl. § 37"),
    Term("preliminary", "foreløpig utelukkelse", "preliminary exclusion", "strgjfl. § 39"),
    Term("collective", "kollektiv utelukkelse", "collective exclusion", "strgjfl. § 37 fjerde ledd"),
    Term("special_high_security", "avdeling med særlig høyt sikkerhetsnivå",
         "unit with a particularly high security level", "strgjfl. § 17"),
    Term("other", "annet grunnlag", "other ground", ""),
)

# Meaningful-contact kinds (meningsfull menneskelig kontakt, Mandela rule 44).
# `phone` is recorded but is not meaningful contact.
CONTACT_KINDS: tuple[Term, ...] = (
    Term("association", "fellesskap", "association"),
    Term("staff_conversation", "samtale med ansatt", "conversation with staff"),
    Term("visit", "besøk", "visit"),
    Term("health", "helsetjenesten", "health service"),
    Term("chaplain", "prest eller livssynsrepresentant", "chaplain"),
    Term("volunteer", "frivillig", "volunteer"),
    Term("education", "skole", "education"),
    Term("work", "arbeid", "work"),
    Term("programme", "program", "programme"),
    Term("isolation_reducing", "isolasjonsreduserende tiltak", "isolation-reducing measure"),
    Term("video_visit", "videobesøk", "video visit"),
    Term("phone", "telefon (ikke meningsfull kontakt)", "phone (not meaningful contact)"),
)
MEANINGFUL_CONTACT_KINDS: frozenset[str] = _codes(CONTACT_KINDS) - {"phone"}

# Coercive means (tvangsmidler, strgjfl. § 38).
COERCIVE_KINDS: tuple[Term, ...] = (
    Term("security_cell", "sikkerhetscelle", "security cell", "strgjfl. § 38"),
    Term("security_bed", "sikkerhetsseng (belteseng)", "security bed (restraint bed)", "strgjfl. § 38"),
    Term("handcuffs", "håndjern", "handcuffs", "strgjfl. § 38"),
    Term("foot_cuffs", "fotjern", "foot cuffs", "strgjfl. § 38"),
    Term("belt", "livreim", "body belt", "strgjfl. § 38"),
    Term("helmet", "hjelm", "helmet", "strgjfl. § 38"),
    Term("gas", "gass", "gas", "strgjfl. § 38"),
    Term("oc_spray", "pepperspray (OC)", "OC spray", "strgjfl. § 38"),
    Term("baton", "batong", "baton", "strgjfl. § 38"),
    Term("shield", "skjold", "shield", "strgjfl. § 38"),
)

COERCIVE_REASONS: tuple[Term, ...] = (
    Term("danger_to_self", "fare for egen helse", "danger to self"),
    Term("danger_to_others", "fare for andre", "danger to others"),
    Term("damage", "skade på eiendom", "damage to property"),
    Term("escape", "rømning", "escape"),
    Term("other", "annet", "other"),
)

# Level of a review (fortløpende vurdering) or report.
REVIEW_LEVELS: tuple[Term, ...] = (
    Term("prison", "fengsel", "prison"),
    Term("region", "region", "region"),
    Term("directorate", "Kriminalomsorgsdirektoratet (KDI)", "directorate (KDI)"),
)
REVIEW_LEVEL_RANK: dict[str, int] = {"prison": 0, "region": 1, "directorate": 2}

# Person flags that call for extra protection (Mandela rule 45, Bangkok rule 22).
# `minor` is never stored: it is derived from the birth date on each day.
PERSON_FLAGS: tuple[Term, ...] = (
    Term("pregnant", "gravid", "pregnant", "Bangkok rule 22"),
    Term("infant", "har spedbarn", "has an infant", "Bangkok rule 22"),
    Term("mental_illness", "psykisk lidelse", "mental illness", "Mandela rule 45"),
    Term("disability", "funksjonsnedsettelse", "disability", "Mandela rule 45"),
)

SEXES: tuple[Term, ...] = (
    Term("female", "kvinne", "female"),
    Term("male", "mann", "male"),
    Term("other", "annet", "other"),
)

SECURITY_LEVELS: tuple[Term, ...] = (
    Term("high", "høyt sikkerhetsnivå", "high security"),
    Term("lower", "lavere sikkerhetsnivå", "lower security"),
    Term("halfway_house", "overgangsbolig", "halfway house"),
)

INCIDENT_KINDS: tuple[Term, ...] = (
    Term("self_harm", "selvskading", "self-harm"),
    Term("suicide_attempt", "selvmordsforsøk", "suicide attempt"),
    Term("suicide", "selvmord", "suicide"),
    Term("violence", "vold", "violence"),
)

REGIONS: tuple[Term, ...] = (
    Term("east", "region øst", "region east"),
    Term("south", "region sør", "region south"),
    Term("southwest", "region sørvest", "region south-west"),
    Term("west", "region vest", "region west"),
    Term("north", "region nord", "region north"),
)

STATUS_CODES = _codes(STATUSES)
SCOPE_CODES = _codes(SCOPES)
GROUND_CODES = _codes(GROUNDS)
CONTACT_KIND_CODES = _codes(CONTACT_KINDS)
COERCIVE_KIND_CODES = _codes(COERCIVE_KINDS)
COERCIVE_REASON_CODES = _codes(COERCIVE_REASONS)
REVIEW_LEVEL_CODES = _codes(REVIEW_LEVELS)
PERSON_FLAG_CODES = _codes(PERSON_FLAGS)
SEX_CODES = _codes(SEXES)
SECURITY_LEVEL_CODES = _codes(SECURITY_LEVELS)
INCIDENT_KIND_CODES = _codes(INCIDENT_KINDS)
REGION_CODES = _codes(REGIONS)


def choices(terms: tuple[Term, ...], language: str = "nb") -> list[tuple[str, str]]:
    """Django ``choices`` for a vocabulary, labelled in the given language."""
    return [(t.code, t.nb if language == "nb" else t.en) for t in terms]
