"""Closed periods (U06) and goals changed after their adoption (H01), checked against real Git history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from history_gitrepo import BUN_GOAL, KF_GOAL, PER, Repo, git_identity, make_repo, repo

from styr.app.pipeline import analyse
from styr.diagnostics import Diagnostic, Severity
from styr.history.adopt import adopt
from styr.history.closed import GitHistory
from styr.history.revsource import RevisionSource
from styr.load.source import WorkTree
from styr.model.repository import Repository
from styr.rules import all_rules
from styr.rules.context import Context
from styr.rules.registry import RULES
from styr.rules.run import run_checks

__all__ = ["git_identity", "repo"]

TODAY = date(2026, 11, 29)
BUN_OUTCOMES = "utfall: {2023: 82, 2024: 83, 2025: 84}"


def model(root: Path) -> Repository:
    return analyse(WorkTree(root), TODAY).repo


def closed_period_diagnostics(root: Path, base: str, current: Repository, *, rev: str | None = None
                              ) -> list[Diagnostic]:
    """What the rules that read Git history find with `--base` (U06, H01, H02)."""
    return run_checks(Context(current, TODAY, history=GitHistory(root, base=base, rev=rev)), history_only=True)


def adoption_diagnostics(root: Path, current: Repository) -> list[Diagnostic]:
    """What they find without `--base` (H01, H02)."""
    return run_checks(Context(current, TODAY, history=GitHistory(root)), history_only=True)


def check(repo: Repo, base: str = "HEAD") -> list[Diagnostic]:
    return closed_period_diagnostics(repo.root, base, model(repo.root))


def codes(found: list[Diagnostic]) -> list[str]:
    return [d.code for d in found]


def test_rules_are_registered() -> None:
    all_rules.load()
    assert RULES["U06"].severity is Severity.ERROR
    assert RULES["H01"].severity is Severity.WARNING
    assert "stängd" in RULES["U06"].summary


def test_edit_of_an_adopted_bokslut_is_an_error(repo: Repo) -> None:
    adopt(repo.root, "KF", date(2026, 4, 20), "§ 45", period="2025")
    repo.replace(BUN_GOAL, BUN_OUTCOMES, "utfall: {2023: 82, 2024: 83, 2025: 86}")
    found = check(repo)
    assert codes(found) == ["U06"]
    d = found[0]
    assert d.severity is Severity.ERROR and d.path == BUN_GOAL
    assert "Utfallet 2025 för BUN-M1/I1 har ändrats från 84 till 86" in d.message
    assert "bokslut 2025 antaget av KF 2026-04-20 § 45 (beslut/KF/2026-04-20)" in d.message
    line = repo.read(BUN_GOAL).splitlines()[d.line - 1]
    assert line[d.column - 1:].startswith("86")


def test_open_periods_and_late_outcomes_are_allowed(repo: Repo) -> None:
    adopt(repo.root, "KF", date(2026, 4, 20), "§ 45", period="2025")
    # a new outcome for an open period, and a new value for 2026: fine
    repo.replace(BUN_GOAL, BUN_OUTCOMES, "utfall: {2023: 82, 2024: 83, 2025: 84, 2026-Q1: 85}")
    repo.replace(BUN_GOAL, "färg: grön\n    analys: |\n      Utfallen under",
                 "färg: gul\n    analys: |\n      Utfallen under")
    assert check(repo) == []
    # an outcome that was missing in the closed period arrives late (Kolada publishes after the bokslut)
    repo.replace(KF_GOAL, "utfall: {2023: 82, 2024: 83, 2025: 84}", "utfall: {2023: 82, 2024: 83, 2025: 84}")
    repo.commit("Utfall Q1", PER)
    text = repo.read(KF_GOAL).replace("utfall: {2023: 82, 2024: 83, 2025: 84}", "utfall: {2023: 82, 2024: 83}")
    repo.write(KF_GOAL, text)
    repo.commit("Ta bort 2025 före beslut", PER)  # removed in history, not since base
    repo.write(KF_GOAL, text.replace("utfall: {2023: 82, 2024: 83}", "utfall: {2023: 82, 2024: 83, 2025: 84}"))
    assert check(repo) == []


def test_removed_outcome_and_changed_or_removed_assessment(repo: Repo) -> None:
    adopt(repo.root, "KF", date(2026, 4, 20), "§ 45", period="2025")
    repo.replace(BUN_GOAL, BUN_OUTCOMES, "utfall: {2023: 82, 2024: 83}")
    repo.replace(BUN_GOAL, "färg: grön\n    analys: |\n      Indikatorn", "färg: gul\n    analys: |\n      Indikatorn")
    text = repo.read(KF_GOAL)
    start = text.index("  2025-H1:")
    end = text.index("  2025:\n")
    repo.write(KF_GOAL, text[:start] + text[end:])
    found = check(repo)
    messages = sorted(d.message for d in found)
    assert codes(found) == ["U06", "U06", "U06"]
    assert any("Utfallet 2025 för BUN-M1/I1 (84) har tagits bort" in m for m in messages)
    assert any("Bedömningen 2025 för BUN-M1 har ändrats (färg: grön → gul)" in m for m in messages)
    assert any("Bedömningen 2025-H1 för KF-M1 har tagits bort" in m for m in messages)


def test_delar_closes_the_half_year_and_the_quarters_in_it(repo: Repo) -> None:
    repo.replace(BUN_GOAL, BUN_OUTCOMES, "utfall: {2023: 82, 2024: 83, 2025: 84, 2026-Q2: 80, 2026-Q3: 81}")
    repo.commit("Utfall", PER)
    adopt(repo.root, "BUN", date(2026, 8, 25), "§ 70", period="2026-H1")
    repo.replace(BUN_GOAL, "2026-Q2: 80, 2026-Q3: 81", "2026-Q2: 81, 2026-Q3: 82")
    found = check(repo)
    assert codes(found) == ["U06"] and "Utfallet 2026-Q2" in found[0].message


def test_an_organ_closes_its_own_units_only(repo: Repo) -> None:
    adopt(repo.root, "BUN", date(2026, 2, 20), "§ 12", period="2025")
    repo.replace(KF_GOAL, "utfall: {2023: 82, 2024: 83, 2025: 84}", "utfall: {2023: 82, 2024: 83, 2025: 85}")
    assert check(repo) == []  # KF's bokslut 2025 is not adopted yet
    repo.replace(BUN_GOAL, BUN_OUTCOMES, "utfall: {2023: 82, 2024: 83, 2025: 85}")
    assert codes(check(repo)) == ["U06"]


def test_closed_periods_in_styrmodell(repo: Repo) -> None:
    repo.write("styrmodell.yaml", repo.read("styrmodell.yaml") + "stängda_perioder: [2024]\n")
    repo.commit("Stäng 2024", PER)
    repo.replace(BUN_GOAL, BUN_OUTCOMES, "utfall: {2023: 82, 2024: 80, 2025: 84}")
    found = check(repo)
    assert codes(found) == ["U06"] and "står under stängda_perioder i styrmodell.yaml" in found[0].message
    # taking the period out of the list in the same change does not reopen it: the base still lists it
    repo.write("styrmodell.yaml", repo.read("styrmodell.yaml").replace("stängda_perioder: [2024]\n", ""))
    assert codes(check(repo)) == ["U06"]


def test_a_moved_goal_is_still_checked(repo: Repo) -> None:
    adopt(repo.root, "KF", date(2026, 4, 20), "§ 45", period="2025")
    repo.move(BUN_GOAL, "kommun/nämnd/mål/kunskapsresultat.yaml")
    repo.replace("kommun/nämnd/mål/kunskapsresultat.yaml", BUN_OUTCOMES, "utfall: {2023: 82, 2024: 83, 2025: 90}")
    found = check(repo)
    assert codes(found) == ["U06"] and found[0].path == "kommun/nämnd/mål/kunskapsresultat.yaml"


def test_base_revision_and_rev(repo: Repo) -> None:
    adopt(repo.root, "KF", date(2026, 4, 20), "§ 45", period="2025")
    base = repo.git("rev-parse", "HEAD")
    repo.replace(BUN_GOAL, BUN_OUTCOMES, "utfall: {2023: 82, 2024: 83, 2025: 90}")
    repo.commit("Ändrat utfall i efterhand", PER)
    repo.replace(BUN_GOAL, "2025: 90}", "2025: 84}")  # the working tree puts it right again
    assert check(repo, base) == []
    at_head = analyse(RevisionSource.open(repo.root, "HEAD"), TODAY).repo
    found = closed_period_diagnostics(repo.root, base, at_head, rev="HEAD")
    assert codes(found) == ["U06"] and "från 84 till 90" in found[0].message


def test_history_unavailable_is_one_warning(repo: Repo, tmp_path: Path) -> None:
    current = model(repo.root)
    found = closed_period_diagnostics(repo.root, "origin/main", current)
    assert codes(found) == ["H02"] and "Okänd Git-revision 'origin/main'" in found[0].message
    plain = tmp_path / "utan-git"
    plain.mkdir()
    found = closed_period_diagnostics(plain, "HEAD", current)
    assert codes(found) == ["H02"] and found[0].severity is Severity.WARNING


def test_definition_changed_after_adoption(repo: Repo) -> None:
    adopt(repo.root, "KF", date(2026, 10, 23), "§ 123")
    repo.replace(KF_GOAL, "titel: Alla barn och elever når kunskapsmålen", "titel: Alla elever når kunskapsmålen")
    found = adoption_diagnostics(repo.root, model(repo.root))
    assert codes(found) == ["H01"]
    assert found[0].path == KF_GOAL and found[0].line == 2
    assert "efter att KF antog målen 2026-10-23 § 123 (beslut/KF/2026-10-23)" in found[0].message
    assert "titel: ”Alla barn och elever når kunskapsmålen” → ”Alla elever når kunskapsmålen”" in found[0].message
    # the same check runs with --base
    assert "H01" in codes(check(repo))


def test_outcomes_are_no_definition_and_a_newer_decision_clears_the_warning(repo: Repo) -> None:
    adopt(repo.root, "KF", date(2026, 10, 23), "§ 123")
    repo.replace(KF_GOAL, "utfall: {2023: 82, 2024: 83, 2025: 84}", "utfall: {2023: 82, 2024: 83, 2025: 84, 2026: 85}")
    repo.replace(KF_GOAL, "ansvarig: Förvaltningschef", "ansvarig: Kommundirektör")
    assert adoption_diagnostics(repo.root, model(repo.root)) == []
    repo.replace(KF_GOAL, "2026: 84}", "2026: 86}")
    assert codes(adoption_diagnostics(repo.root, model(repo.root))) == ["H01"]
    # the goal file records a decision after the tag
    repo.replace(KF_GOAL, "datum: 2022-12-14", "datum: 2026-11-20")
    assert adoption_diagnostics(repo.root, model(repo.root)) == []
    repo.replace(KF_GOAL, "datum: 2026-11-20", "datum: 2022-12-14")
    repo.commit("Nya målvärden", PER)
    adopt(repo.root, "KF", date(2026, 11, 25), "§ 140")
    assert adoption_diagnostics(repo.root, model(repo.root)) == []


def test_new_goal_after_adoption(repo: Repo) -> None:
    adopt(repo.root, "BUN", date(2026, 10, 20), "§ 80")
    text = repo.read(BUN_GOAL).replace("id: BUN-M1", "id: BUN-M2")
    repo.write("kommun/nämnd/mål/bun-m2.yaml", text)
    found = adoption_diagnostics(repo.root, model(repo.root))
    assert codes(found) == ["H01"] and "BUN-M2 har tillkommit" in found[0].message


def test_adoption_checks_are_quiet_without_tags_or_git(repo: Repo, tmp_path: Path) -> None:
    repo.replace(KF_GOAL, "titel: Alla barn och elever når kunskapsmålen", "titel: Något annat")
    assert adoption_diagnostics(repo.root, model(repo.root)) == []
    other = make_repo(tmp_path / "annan", commit=False)
    assert adoption_diagnostics(other.root, model(other.root)) == []


def test_base_can_name_the_latest_adoption(repo: Repo) -> None:
    adopt(repo.root, "KF", date(2026, 4, 20), "§ 45", period="2025")
    repo.replace(BUN_GOAL, BUN_OUTCOMES, "utfall: {2023: 82, 2024: 83, 2025: 90}")
    repo.commit("Ändrat utfall i efterhand", PER)
    assert codes(check(repo, "beslut/KF")) == ["U06"]
    assert check(repo, "HEAD") == []
