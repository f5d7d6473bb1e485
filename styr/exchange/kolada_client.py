"""Kolada's REST API (v3) over HTTP with the standard library: batched data requests, paging, timeouts, retries
with back-off, and a Swedish message for every way the network or Kolada can fail.

The base address is `STYR_KOLADA_URL` (default Kolada's own), so tests run against a server on loopback.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from styr import __version__
from styr.frozen import frozen

BASE_ENV = "STYR_KOLADA_URL"
TIMEOUT_ENV = "STYR_KOLADA_TIMEOUT"
DEFAULT_BASE = "https://api.kolada.se/v3"
DEFAULT_TIMEOUT = 30.0
ATTEMPTS = 3
KPIS_PER_REQUEST = 25  # ids go in the path; Kolada refuses a URL that is too long
PER_PAGE = 5000  # Kolada's largest page
MAX_PAGES = 200
MAX_BYTES = 64 * 2**20
_RETRY = frozenset({408, 429, 500, 502, 503, 504})
OFFLINE_HINT = "Med --fil svar.json läser styr sparade svar från Kolada i stället."


class KoladaError(Exception):
    """Kolada could not be asked, or did not answer as its API promises; the message is Swedish."""


Tick = Callable[[], None]


@frozen(slots=False)
class Client:
    """Where Kolada is and how long to wait for it. `sleep` is time.sleep (replaced in tests)."""

    base: str = DEFAULT_BASE
    timeout: float = DEFAULT_TIMEOUT
    attempts: int = ATTEMPTS
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def from_environment(cls, env: dict[str, str] | None = None) -> Client:
        env = dict(os.environ) if env is None else env
        base = (env.get(BASE_ENV) or DEFAULT_BASE).strip().rstrip("/")
        if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
            raise KoladaError(f"{BASE_ENV} ska vara en webbadress som börjar med https://, inte '{base}'.")
        try:
            timeout = float(env.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT)
        except ValueError:
            raise KoladaError(f"{TIMEOUT_ENV} ska vara ett antal sekunder, t.ex. 30.") from None
        return cls(base, timeout if timeout > 0 else DEFAULT_TIMEOUT)

    # -- one request ---------------------------------------------------------------------------------------

    def get(self, url: str) -> dict[str, Any]:
        """The JSON object at `url`, retrying what may pass (a timeout, a refused connection, 5xx, 429) with
        back-off; raises KoladaError with a Swedish message when it does not."""
        problem = ""
        for attempt in range(self.attempts):
            if attempt:
                self.sleep(min(self.timeout, 1.0) * 2 ** (attempt - 1))
            try:
                return self._once(url)
            except _Retry as exc:
                problem = str(exc)
        raise KoladaError(f"{problem} (försökte {self.attempts} gånger). {OFFLINE_HINT}")

    def _once(self, url: str) -> dict[str, Any]:
        request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                       "User-Agent": f"styr/{__version__}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # base: http(s) only
                data = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code in _RETRY:
                raise _Retry(f"Kolada svarade med ett fel (HTTP {exc.code})") from None
            raise KoladaError(_refusal(exc.code, url)) from None
        except TimeoutError:
            raise _Retry(f"Kolada svarade inte inom {self.timeout:g} sekunder") from None
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise _Retry(f"Kolada svarade inte inom {self.timeout:g} sekunder") from None
            raise _Retry(f"kunde inte nå Kolada på {self.base} ({reason}); är datorn ansluten till nätet?") \
                from None
        if len(data) > MAX_BYTES:
            raise KoladaError(f"Kolada svarade med mer än {MAX_BYTES // 2**20} MiB på en fråga; styr avbröt.")
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise KoladaError(f"Kolada svarade med något som inte är JSON ({url}).") from None
        if not isinstance(doc, dict):
            raise KoladaError(f"Kolada svarade inte som API:t beskriver ({url}).")
        return doc

    # -- paged lists --------------------------------------------------------------------------------------

    def pages(self, url: str) -> Iterator[dict[str, Any]]:
        """Every page of a list, following `next_page` (v3; `next_url` is read too). A next page is followed
        only on Kolada's own host, so a response cannot send styr elsewhere."""
        seen: set[str] = set()
        while url and url not in seen and len(seen) < MAX_PAGES:
            seen.add(url)
            doc = self.get(url)
            yield doc
            following = doc.get("next_page") or doc.get("next_url")
            url = self._same_host(url, following) if isinstance(following, str) else ""

    def _same_host(self, current: str, following: str) -> str:
        absolute = urllib.parse.urljoin(current, following)
        if urllib.parse.urlsplit(absolute).netloc != urllib.parse.urlsplit(self.base).netloc:
            raise KoladaError(f"Kolada hänvisade till en annan webbplats för nästa sida ({absolute}); styr "
                              "följer inte den.")
        return absolute

    def data(self, kind: str, kpis: Sequence[str], place: str, years: Sequence[int],
             tick: Tick | None = None) -> list[dict[str, Any]]:
        """The data entries for the KPIs, one municipality (`kind` municipality) or organisational unit (`ou`)
        and the years, in batches of KPIs, every page. `tick` is called after each batch."""
        path = "data" if kind == "municipality" else "oudata"
        entries: list[dict[str, Any]] = []
        for start in range(0, len(kpis), KPIS_PER_REQUEST):
            batch = ",".join(urllib.parse.quote(k, safe="") for k in kpis[start:start + KPIS_PER_REQUEST])
            url = (f"{self.base}/{path}/kpi/{batch}/{kind}/{urllib.parse.quote(place, safe='')}/year/"
                   f"{','.join(str(y) for y in years)}?per_page={PER_PAGE}")
            for page in self.pages(url):
                entries.extend(_values(page, url))
            if tick is not None:
                tick()
        return entries

    def search(self, text: str) -> list[dict[str, Any]]:
        """The KPIs whose title contains `text`."""
        url = f"{self.base}/kpi?title={urllib.parse.quote(text)}&per_page={PER_PAGE}"
        return [entry for page in self.pages(url) for entry in _values(page, url)]


class _Retry(Exception):
    """A failure that may pass: try again after a pause."""


def _values(page: dict[str, Any], url: str) -> list[dict[str, Any]]:
    values = page.get("values")
    if not isinstance(values, list):
        raise KoladaError(f"Kolada svarade utan listan 'values' ({url}).")
    return [v for v in values if isinstance(v, dict)]


def _refusal(code: int, url: str) -> str:
    if code == 404:
        return f"Kolada känner inte till adressen (HTTP 404): {url}. Stämmer {BASE_ENV}?"
    if code == 400:
        return (f"Kolada avvisade frågan (HTTP 400): {url}. Kontrollera nyckeltalens id (kolada: i målfilerna) "
                "och kommunens id (kolada: kommun i styrmodell.yaml).")
    return f"Kolada svarade med ett fel (HTTP {code}) på {url}."
