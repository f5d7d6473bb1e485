"""`styr kolada hämta|sök` against a Kolada served on loopback from recorded answers in the API's real shape:
paging, a missing value, reference values, an error status, a timeout, no network at all, and saved answers."""

from __future__ import annotations

import io
import json
import shutil
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from styr.app.authoring.kolada import FetchRequest, fetch_outcomes
from styr.cli import app
from styr.exchange.kolada_client import BASE_ENV, TIMEOUT_ENV
from styr.load.repo import load
from styr.load.source import WorkTree
from styr.model.build import build
from styr.render.site.progress import Bar, Silent, progress_for

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
BUN = "kommun/barn-och-utbildningsnamnden/mål/trygghet.yaml"  # BUN-M2/I1 has källa: {kolada: N15613}
KF = "kommun/mål/kunskapsresultat.yaml"  # KF-M1/I1 N15428, KF-M1/I2 N15613
DATE = ["--date", "2026-12-06"]
runner = CliRunner()

Route = Callable[[BaseHTTPRequestHandler, dict[str, list[str]]], tuple[int, Any]]


def entry(kpi: str, place: str, year: int, value: float | None, gender: str = "T") -> dict[str, Any]:
    """One data entry as Kolada v3 gives it."""
    values = [{"gender": gender, "value": value, "count": 1, "status": "" if value is not None else "Missing"}]
    if gender != "T":
        values.insert(0, {"gender": "T", "value": 50.0, "count": 1, "status": ""})
    return {"kpi": kpi, "municipality": place, "period": year, "values": values}


class Kolada:
    """A small Kolada on 127.0.0.1: `routes` maps a path prefix to a handler giving (status, JSON body)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                parsed = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parsed.query)
                path = urllib.parse.unquote(parsed.path)
                route = next((r for p, r in sorted(owner.routes.items(), key=lambda i: -len(i[0]))
                              if path.startswith(p)), None)
                status, body = route(self, query) if route else (404, {"error": "not found"})
                data = json.dumps(body).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/v3"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def kolada(monkeypatch: pytest.MonkeyPatch) -> Iterator[Kolada]:
    server = Kolada()
    monkeypatch.setenv(BASE_ENV, server.base)
    monkeypatch.setenv(TIMEOUT_ENV, "0.3")
    yield server
    server.close()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    return root


def paged_data(kolada: Kolada, pages: list[list[dict[str, Any]]]) -> None:
    """Serve /data/… in pages: each page but the last names the next with `next_page`, as Kolada does."""
    def route(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> tuple[int, Any]:
        page = int(query.get("page", ["1"])[0])
        parts = urllib.parse.urlsplit(handler.path)
        body: dict[str, Any] = {"values": pages[page - 1], "count": len(pages[page - 1])}
        if page < len(pages):
            body["next_page"] = f"{kolada.base.rsplit('/v3', 1)[0]}{parts.path}?per_page=2&page={page + 1}"
        return 200, body
    kolada.routes["/v3/data/kpi/"] = route


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def outcomes(root: Path, goal: str, ind: str) -> dict[str, Any]:
    model = build(load(WorkTree(root)))
    return dict(next(i for i in model.goal_by_id[goal].indicators if i.id == ind).outcomes)


# --- fetching ---------------------------------------------------------------------------------------------


def test_fetch_follows_pages_writes_outcomes_and_reports_a_missing_value(kolada: Kolada, repo: Path) -> None:
    paged_data(kolada, [
        [entry("N15613", "9901", 2025, 87.5), entry("N15428", "9901", 2025, None)],
        [entry("U21468", "9901", 2025, 91.0)],
    ])
    before = {p: (repo / p).read_text(encoding="utf-8") for p in (BUN, KF)}
    code, out, err = run("kolada", "hämta", str(repo), "--år", "2025", "--ersätt", *DATE)
    assert code == 0, err
    assert any("page=2" in r for r in kolada.requests), kolada.requests
    assert "N15428 har inget värde för 2025" in err
    assert outcomes(repo, "BUN-M2", "I1")["2025"] == 87.5
    assert outcomes(repo, "KF-M1", "I2")["2025"] == 87.5
    assert outcomes(repo, "KF-M1", "I1").get("2025") == 84.1  # kept as it was: no value is never a zero
    after = (repo / BUN).read_text(encoding="utf-8").splitlines()
    changed = [a for a, b in zip(before[BUN].splitlines(), after, strict=True) if a != b]
    assert changed == ["    utfall: {2023: 84.5, 2024: 86.0, 2025: 85.2}"]
    assert "Förde in" in out


def test_dry_run_writes_nothing_and_lists_the_changes(kolada: Kolada, repo: Path) -> None:
    paged_data(kolada, [[entry("N15613", "9901", 2025, 87.5)]])
    before = (repo / BUN).read_bytes()
    code, out, _ = run("kolada", "hämta", str(repo), "--år", "2025", "--dry-run", "--ersätt", *DATE)
    assert code == 0
    assert "BUN-M2/I1 2025: 85,2 → 87,5" in out and "Inget skrevs (--dry-run)." in out
    assert (repo / BUN).read_bytes() == before


def test_an_existing_different_outcome_needs_ersatt(kolada: Kolada, repo: Path) -> None:
    paged_data(kolada, [[entry("N15613", "9901", 2025, 87.5)]])
    before = (repo / BUN).read_bytes()
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", *DATE)
    assert code == 1
    assert "använd --ersätt" in err and "inget skrevs" in err
    assert (repo / BUN).read_bytes() == before


def test_reference_values_are_written_beside_the_outcome(kolada: Kolada, repo: Path) -> None:
    paged_data(kolada, [[entry("N15613", "9901", 2025, 85.2), entry("N15613", "0000", 2025, 81.2),
                         entry("N15613", "G1", 2025, 83.0)]])
    model = repo / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace('kolada_id: "9901"',
                     'kolada: {kommun: "9901", jämförelsegrupp: G1}'), encoding="utf-8")
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", "--jämförelse", "riket",
                       "--jämförelse", "liknande", *DATE)
    assert code == 0, err
    text = (repo / BUN).read_text(encoding="utf-8")
    # the same measurement gains its references without --ersätt
    assert "2025: {värde: 85.2, referens: {riket: 81.2, liknande: 83}}" in text
    assert any("/municipality/0000/" in r for r in kolada.requests)
    assert any("/municipality/G1/" in r for r in kolada.requests)
    code, out, _ = run("kolada", "hämta", str(repo), "--år", "2025", "--jämförelse", "riket",
                       "--jämförelse", "liknande", *DATE)
    assert code == 0 and "Inga utfall behövde föras in" in out  # a second run changes nothing
    # Kolada revises the national value: the same measurement takes the new reference (the long form is
    # replaced whole); a revised outcome of our own needs --ersätt
    paged_data(kolada, [[entry("N15613", "9901", 2025, 85.2), entry("N15613", "0000", 2025, 81.5),
                         entry("N15613", "G1", 2025, 83.0)]])
    args = ("kolada", "hämta", str(repo), "--år", "2025", "--jämförelse", "riket", "--jämförelse", "liknande", *DATE)
    assert run(*args)[0] == 0
    assert "2025: {värde: 85.2, referens: {riket: 81.5, liknande: 83}}}" in (repo / BUN).read_text(encoding="utf-8")
    paged_data(kolada, [[entry("N15613", "9901", 2025, 85.9), entry("N15613", "0000", 2025, 81.5),
                         entry("N15613", "G1", 2025, 83.0)]])
    assert run(*args)[0] == 1
    code, _, err = run(*args, "--ersätt")
    assert code == 0, err
    assert "2025: {värde: 85.9, referens: {riket: 81.5, liknande: 83}}}" in (repo / BUN).read_text(encoding="utf-8")


def test_liknande_without_a_group_is_a_usage_error(kolada: Kolada, repo: Path) -> None:
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", "--jämförelse", "liknande", *DATE)
    assert code == 2 and "jämförelsegrupp" in err
    assert kolada.requests == []


def test_gender_and_organisational_unit(kolada: Kolada, repo: Path) -> None:
    goal = repo / BUN
    goal.write_text(goal.read_text(encoding="utf-8").replace("källa: {kolada: N15613}",
                                                             "kolada: N15613\n    kön: K"), encoding="utf-8")
    card = repo / "kommun/barn-och-utbildningsnamnden/styrkort.yaml"
    card.write_text(card.read_text(encoding="utf-8") + "ou: V15E0001\n", encoding="utf-8")
    kolada.routes["/v3/oudata/kpi/"] = lambda h, q: (200, {"values": [
        {"kpi": "N15613", "ou": "V15E0001", "period": 2025,
         "values": [{"gender": "T", "value": 1.0, "count": 1, "status": ""},
                    {"gender": "K", "value": 88.0, "count": 1, "status": ""}]}]})
    paged_data(kolada, [[entry("N15613", "9901", 2025, 85.2)]])
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", "--ersätt", *DATE)
    assert code == 0, err
    assert outcomes(repo, "BUN-M2", "I1")["2025"] == 88.0
    assert any(r.startswith("/v3/oudata/kpi/N15613/ou/V15E0001/year/2025") for r in kolada.requests)


def test_many_kpis_are_asked_for_in_batches(kolada: Kolada, repo: Path) -> None:
    goal = repo / BUN
    text = goal.read_text(encoding="utf-8")
    extra = "".join(f"  - id: K{n}\n    namn: Nyckeltal {n}\n    enhet: antal\n    riktning: öka\n"
                    f"    kolada: N{10000 + n}\n" for n in range(30))
    goal.write_text(text.replace("bedömning:", extra + "bedömning:", 1), encoding="utf-8")
    paged_data(kolada, [[]])
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", *DATE)
    assert code == 0, err
    data = [urllib.parse.unquote(r) for r in kolada.requests if r.startswith("/v3/data/")]
    assert len(data) == 2  # 32 KPIs of the kommun: 25 and 7
    assert max(len(r.split("/")[4].split(",")) for r in data) == 25


# --- failures -------------------------------------------------------------------------------------------------


def test_an_error_status_is_retried_then_reported_in_swedish(kolada: Kolada, repo: Path) -> None:
    kolada.routes["/v3/data/"] = lambda h, q: (503, {"error": "unavailable"})
    before = (repo / BUN).read_bytes()
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", *DATE)
    assert code == 2
    assert "Kolada svarade med ett fel (HTTP 503)" in err and "försökte 3 gånger" in err and "--fil" in err
    assert len(kolada.requests) == 3
    assert "Traceback" not in err
    assert (repo / BUN).read_bytes() == before


def test_a_refusal_is_not_retried(kolada: Kolada, repo: Path) -> None:
    kolada.routes["/v3/data/"] = lambda h, q: (400, {"error": "bad"})
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", *DATE)
    assert code == 2 and "Kolada avvisade frågan (HTTP 400)" in err
    assert len(kolada.requests) == 1


def test_a_timeout_is_retried_then_reported(kolada: Kolada, repo: Path) -> None:
    def slow(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> tuple[int, Any]:
        time.sleep(1.0)
        return 200, {"values": []}
    kolada.routes["/v3/data/"] = slow
    started = time.monotonic()
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", *DATE)
    assert code == 2
    assert "Kolada svarade inte inom 0.3 sekunder" in err
    assert time.monotonic() - started < 10


def test_offline_says_so(monkeypatch: pytest.MonkeyPatch, repo: Path) -> None:
    server = Kolada()
    base = server.base
    server.close()  # nothing listens on the port any more: connection refused, as offline
    monkeypatch.setenv(BASE_ENV, base)
    monkeypatch.setenv(TIMEOUT_ENV, "0.3")
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", *DATE)
    assert code == 2
    assert "kunde inte nå Kolada" in err and "ansluten till nätet" in err and "--fil svar.json" in err


def test_a_next_page_elsewhere_is_not_followed(kolada: Kolada, repo: Path) -> None:
    kolada.routes["/v3/data/"] = lambda h, q: (200, {"values": [], "next_page": "http://example.invalid/v3/x"})
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", *DATE)
    assert code == 2 and "annan webbplats" in err


def test_a_bad_year_is_a_usage_error(repo: Path) -> None:
    code, _, err = run("kolada", "hämta", str(repo), "--år", "tjugo", *DATE)
    assert code == 2 and "ogiltigt år 'tjugo'" in err


# --- saved answers --------------------------------------------------------------------------------------------


def test_saved_answers_are_read_without_network(no_network: None, repo: Path, tmp_path: Path) -> None:
    saved = tmp_path / "svar.json"
    pages = [{"values": [entry("N15613", "9901", 2024, 86.0)], "next_page": "http://x/2"},
             {"values": [entry("N15613", "9901", 2025, 90.0), entry("N15428", "9901", 2025, None)]}]
    saved.write_text(json.dumps(pages), encoding="utf-8")
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2024-2025", "--fil", str(saved), "--ersätt", *DATE)
    assert code == 0, err
    assert outcomes(repo, "BUN-M2", "I1")["2025"] == 90.0
    assert "N15428 har inget värde för 2025" in err


def test_a_saved_file_that_is_not_kolada_is_refused(repo: Path, tmp_path: Path) -> None:
    saved = tmp_path / "svar.json"
    saved.write_text('{"data": 1}', encoding="utf-8")
    code, _, err = run("kolada", "hämta", str(repo), "--år", "2025", "--fil", str(saved), *DATE)
    assert code == 2 and "ser inte ut som ett svar från Kolada" in err


# --- search and progress --------------------------------------------------------------------------------------


def test_search_lists_id_gender_and_title(kolada: Kolada) -> None:
    kolada.routes["/v3/kpi"] = lambda h, q: (200, {"values": [
        {"id": "N15613", "title": "Elever i åk 5: Jag känner mig trygg i skolan", "is_divided_by_gender": True},
        {"id": "N15428", "title": "Elever i åk 9 behöriga till yrkesprogram", "is_divided_by_gender": False},
    ], "count": 2})
    code, out, _ = run("kolada", "sök", "trygg skola")
    assert code == 0
    assert out.splitlines()[0] == "N15428       Elever i åk 9 behöriga till yrkesprogram"
    assert out.splitlines()[1] == "N15613  kön  Elever i åk 5: Jag känner mig trygg i skolan"
    assert "title=trygg%20skola" in kolada.requests[0]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_on_stderr(kolada: Kolada, repo: Path, capsys: Any) -> None:
    assert isinstance(progress_for(False, io.StringIO()), Silent)
    paged_data(kolada, [[entry("N15613", "9901", 2025, 85.2)]])
    terminal = _Terminal()
    with progress_for(False, terminal, "Hämtar från Kolada") as bar:
        assert isinstance(bar, Bar)
        fetch_outcomes(FetchRequest(repo, ("2025",), today="2026-12-06"), bar)
    assert "Hämtar från Kolada" in terminal.getvalue() and "1/1" in terminal.getvalue()
    assert capsys.readouterr().out == ""


def test_no_progress_bar_in_a_pipe(kolada: Kolada, repo: Path) -> None:
    paged_data(kolada, [[entry("N15613", "9901", 2025, 85.2)]])
    code, out, err = run("kolada", "hämta", str(repo), "--år", "2025", *DATE)
    assert code == 0
    assert "Hämtar från Kolada" not in err + out and "━" not in err + out
