"""What the simulated users do, one step at a time.

An officer (fengselsbetjent) keeps the ward board open, unlocks a person and
locks them in again from the board (at most once a minute per person: a second
unlock within the same minute would be the same registration), and in between
registers contact sessions through the API — mostly for their own persons,
sometimes for anyone in the prison, so that two officers now and then write
for the same person at once. A leader (fengselsleder) reads: person pages, the
person list, the API's list and a person through the API.
"""

from __future__ import annotations

import random
import re
import time
import uuid
from datetime import UTC, datetime, timedelta

from fellesskap.security.load.client import Client

# The unlock form's "seen" field: the open session's public id.
_UNLOCK_SEEN = re.compile(r'/unlock/".*?name="seen" value="([0-9a-f-]{36})"', re.S)
HX = {"HX-Request": "true"}
SAME_PERSON_AGAIN = 65  # seconds before the board unlocks the same person again
CONTACT_KINDS = ("staff_conversation", "health", "education", "work", "programme", "visit")


class Officer:
    def __init__(self, client: Client, unit: int, own: list[str], everyone: list[str], rng: random.Random):
        self.client, self.unit, self.own, self.everyone, self.rng = client, unit, own, everyone, rng
        self.turn = 0
        self.unlocked_at: dict[str, float] = {}

    def _next_person(self) -> str:
        self.turn += 1
        return self.own[self.turn % len(self.own)]

    def step(self, pause) -> None:
        c = self.client
        c.request("ward board", "GET", f"/ward/{self.unit}/")
        pause()
        person = self._next_person()
        if time.monotonic() - self.unlocked_at.get(person, -1e9) > SAME_PERSON_AGAIN:
            self.unlocked_at[person] = time.monotonic()
            url = f"/ward/{self.unit}/persons/{person}/unlock/"
            opened = c.request("ward unlock", "POST", url, headers=HX, conflict=(409,),
                               form={"want": "open", "seen": "", "key": uuid.uuid4().hex, "clicked_at": ""})
            found = _UNLOCK_SEEN.search(opened.text) if opened is not None and opened.status == 200 else None
            pause()
            if found:
                c.request("ward lock in", "POST", url, headers=HX, conflict=(409,),
                          form={"want": "closed", "seen": found.group(1), "key": uuid.uuid4().hex,
                                "clicked_at": ""})
                pause()
        who = person if self.rng.random() < 0.8 else self.rng.choice(self.everyone)
        # A whole session that ended a little while ago; its start to the microsecond, so that two
        # officers registering for the same person do not collide on the same start.
        end = datetime.now(UTC) - timedelta(minutes=self.rng.randint(1, 120), microseconds=self.rng.randint(0, 10**6))
        start = end - timedelta(minutes=self.rng.randint(5, 45))
        kind = self.rng.choice(CONTACT_KINDS)
        c.request("api register", "POST", "/api/v1/records/sessions", ok=(201,),
                  json={"person": who, "category": "contact", "kind": kind,
                        "counterpart": "officer" if kind == "staff_conversation" else "",
                        "start": start.isoformat(), "end": end.isoformat(),
                        "idempotency_key": uuid.uuid4().hex})


class Leader:
    def __init__(self, client: Client, everyone: list[str], rng: random.Random):
        self.client, self.everyone, self.rng = client, everyone, rng

    def step(self, pause) -> None:
        c = self.client
        c.request("person list", "GET", "/registry/persons/")
        pause()
        c.request("person page", "GET", f"/person/{self.rng.choice(self.everyone)}/")
        pause()
        c.request("api persons", "GET", "/api/v1/persons")
        pause()
        c.request("api person", "GET", f"/api/v1/persons/{self.rng.choice(self.everyone)}")
