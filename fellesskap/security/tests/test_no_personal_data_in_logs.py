"""No personal data in logs or URLs: a sample of screens and API calls (reads,
writes, refused input, 404s, exports) runs with every logger at DEBUG, and the
captured log must not hold the test persons' names, national identity numbers
or birth dates in any spelling. DEBUG itself is off, as in production (with
DEBUG on, Django logs every SQL statement with its parameters)."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db

BIRTH = date(1983, 11, 27)


def _spellings(person) -> set[str]:
    birth = person.birth_date
    return {person.given_name, person.family_name, person.national_id, birth.isoformat(),
            birth.strftime("%d.%m.%Y"), birth.strftime("%d%m%y")}


def test_logs_and_urls_hold_no_personal_data(client, caplog):
    caplog.set_level(logging.DEBUG)
    a, b = h.make_prison("A"), h.make_prison("B")
    known = h.make_person(a, given_name="Sigrunn", family_name="Loggfri", birth_date=BIRTH)
    h.make_stay(known, a, h.at("2026-01-05 10:00"))
    elsewhere = h.make_person(b, given_name="Torbjørn", family_name="Andresteds", birth_date=date(1971, 2, 3))
    h.make_stay(elsewhere, b, h.at("2026-01-05 10:00"))
    new_fnr = h.synthetic_fnr(date(1990, 8, 15))
    h.login_as(client, "prison_leader", a)
    urls = []

    def get(path, **kw):
        urls.append(path)
        return client.get(path, **kw)

    def post(path, data, **kw):
        urls.append(path)
        return client.post(path, data, **kw)

    assert get("/registry/persons/").status_code == 200
    assert get("/registry/persons/?date=2026-02-01").status_code == 200
    assert get(f"/registry/persons/{known.public_id}/").status_code == 200
    assert get(f"/registry/persons/{elsewhere.public_id}/").status_code == 404
    assert get(f"/api/v1/persons/{known.public_id}").status_code == 200
    assert get(f"/api/v1/persons/{elsewhere.public_id}").status_code == 404
    assert get("/api/v1/persons").status_code == 200
    registered = post("/api/v1/persons", {"prison": "A", "sex": "female", "identity_kind": "fnr",
                                          "national_id": new_fnr, "given_name": "Ny", "family_name": "Registrert",
                                          "birth_date": "1990-08-15"}, content_type="application/json")
    assert registered.status_code == 201
    refused = post("/api/v1/persons", {"prison": "A", "sex": "female", "identity_kind": "fnr",
                                       "national_id": "15089012345", "given_name": "Feil", "family_name": "Nummer"},
                   content_type="application/json")
    assert refused.status_code == 422
    corrected = post(f"/api/v1/persons/{known.public_id}/corrections",
                     {"reason": "skrivefeil", "family_name": "Loggfrisen"}, content_type="application/json")
    assert corrected.status_code == 200
    # A refused screen form (no reason given): the answer repeats the input to the user, never to the log.
    assert post(f"/registry/persons/{known.public_id}/correct/",
                {"given_name": "Sigrunn", "family_name": "Loggfri"}).status_code == 422
    assert get(f"/registry/persons/{known.public_id}/subject-access.json").status_code == 200
    assert get(f"/audit/?person={known.public_id}").status_code == 200

    secrets = (_spellings(known) | _spellings(elsewhere) | {"Loggfrisen", "Ny", "Registrert", new_fnr,
                                                            "1990-08-15", "Feil", "Nummer", "15089012345"})
    secrets.discard("Ny")  # too short to search for: it is in Norwegian words ("Nytt", "ny")
    logged = "\n".join(
        [caplog.text] + [f"{r.getMessage()} {r.args!r} {getattr(r, 'request', '')}" for r in caplog.records])
    assert caplog.records, "nothing was logged: the check would prove nothing"
    assert any("Not Found" in r.getMessage() for r in caplog.records)
    found = sorted(s for s in secrets if s and s in logged)
    assert not found, f"personal data in the log: {found}"
    assert not [s for s in secrets for u in urls if s and s in u]
    # Every link on the screens visited carries opaque ids only.
    page = client.get(f"/registry/persons/{known.public_id}/").content.decode()
    links = " ".join(part.split('"', 1)[0] for part in page.split('href="')[1:])
    assert not [s for s in secrets if s and s in links]
