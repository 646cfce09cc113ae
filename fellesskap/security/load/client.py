"""A small HTTP client for the simulated users: one keep-alive connection on
loopback, the session and CSRF cookies, and a timing for every request.

Standard library only, so that the load test needs nothing beyond the
project's own dependencies.
"""

from __future__ import annotations

import http.client
import json as jsonlib
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from fellesskap.security.load.figures import Sample

IDLE_REUSE = 2.0  # seconds; the server keeps an idle connection for 5 (server.py)
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Response:
    def __init__(self, status: int, body: bytes, headers):
        self.status, self.body, self.headers = status, body, headers

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    def __init__(self, host: str, port: int, samples: list[Sample], timeout: float = 30):
        self.host, self.port, self.timeout = host, port, timeout
        self.samples = samples
        self.cookies: dict[str, str] = {}
        self._conn: http.client.HTTPConnection | None = None
        self._last = 0.0

    def _connection(self) -> http.client.HTTPConnection:
        # The server closes a keep-alive connection idle for a few seconds (gunicorn --keep-alive); a
        # browser opens a new one then, and so do we, rather than send into a connection being closed.
        if self._conn is not None and time.monotonic() - self._last > IDLE_REUSE:
            self.close()
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, kind: str, method: str, path: str, *, form: dict | None = None, json: dict | None = None,
                headers: dict | None = None, ok: tuple[int, ...] = (200,), conflict: tuple[int, ...] = ()
                ) -> Response | None:
        """Sends one request and records it as a sample of ``kind``; None when
        the connection failed (recorded as an error)."""
        body = None
        hdrs = {"Host": f"{self.host}:{self.port}", "Referer": f"http://{self.host}:{self.port}/",
                **(headers or {})}
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        elif json is not None:
            body = jsonlib.dumps(json).encode()
            hdrs["Content-Type"] = "application/json"
        if method != "GET" and "csrftoken" in self.cookies:
            hdrs["X-CSRFToken"] = self.cookies["csrftoken"]
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        began, sent = time.perf_counter(), time.monotonic()
        try:
            conn = self._connection()
            conn.request(method, path, body=body, headers=hdrs)
            raw = conn.getresponse()
            data = raw.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            self.samples.append(Sample(kind, time.perf_counter() - began, "error", type(error).__name__, sent))
            return None
        elapsed = time.perf_counter() - began
        self._last = time.monotonic()
        if raw.getheader("Connection", "").lower() == "close":
            self.close()
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        outcome = "ok" if raw.status in ok else "conflict" if raw.status in conflict else "error"
        self.samples.append(Sample(kind, elapsed, outcome, "" if outcome == "ok" else f"HTTP {raw.status}", sent))
        return Response(raw.status, data, raw.headers)

    def log_in(self, username: str, password: str) -> bool:
        page = self.request("login page", "GET", "/login/")
        if page is None or page.status != 200:
            return False
        token = _CSRF_INPUT.search(page.text)
        answer = self.request("login", "POST", "/login/", ok=(302,),
                              form={"username": username, "password": password,
                                    "csrfmiddlewaretoken": token.group(1) if token else ""})
        return answer is not None and answer.status == 302 and "sessionid" in self.cookies
