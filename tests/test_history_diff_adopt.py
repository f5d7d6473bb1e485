"""`styr diff` in the steering model's terms, adoption tags, and the log/diff/adopt commands."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import typer
from history_gitrepo import ANNA, BUN_ACTIVITY, BUN_GOAL, KF_GOAL, PER, Repo, git_identity, repo
from typer.testing import CliRunner

from styr.commands import history as commands
from styr.history import gitio
from styr.history.adopt import AdoptionError, adopt, adoptions, latest, message, parse_tag
from styr.history.modeldiff import model_diff
from styr.render.ci.merge_request import render_diff_md
from styr.render.terminal.history import render_diff_text

__all__ = ["git_identity", "repo"]

NEW_GOAL = "kommun/nämnd/mål/bun-m2.yaml"


def changes(repo: Repo) -> None:
    """A merge request's worth of changes: one goal added, one moved to another unit, one activity removed,
    targets, outcomes, an assessment and a link changed."""
    repo.write(NEW_GOAL, repo.read(BUN_GOAL).replace("id: BUN-M1", "id: BUN-M2").replace(
        "titel: Eleverna når högre kunskapsresultat i grundskolan", "titel: Tryggare skolmiljö"))
    repo.replace(BUN_GOAL, "målvärde: {2023: 81, 2024: 82, 2025: 83, 2026: 84}",
                 "målvärde: {2023: 81, 2024: 82, 2025: 83, 2026: 88}")
    repo.replace(BUN_GOAL, "utfall: {2023: 82, 2024: 83, 2025: 84}",
                 "utfall: {2023: 82, 2024: 83, 2025: 84, 2026-Q3: 85}")
    repo.replace(BUN_GOAL, "bidrar_till: [KF-M1]", "bidrar_till: [KF-M2]")
    repo.replace(BUN_GOAL, "färg: grön\n    analys: |\n      Utfallen under",
                 "färg: gul\n    analys: |\n      Utfallen under")
    repo.move("kommun/nämnd/verksamhet/mål/bun-v-m1.yaml", "kommun/nämnd/mål/bun-v-m1.yaml")
    repo.delete(BUN_ACTIVITY)


def test_diff_between_revisions(repo: Repo) -> None:
    changes(repo)
    repo.commit("Ändringar inför delåret", PER, "2026-09-01T10:00:00+02:00")
    diff = model_diff(repo.root, "HEAD~1..HEAD")
    by_status = {(i.status, i.item_id) for i in diff.items}
    assert by_status == {("tillagd", "BUN-M2"), ("borttagen", "BUN-A1"), ("flyttad", "BUN-V-M1"),
                         ("ändrad", "BUN-M1")}
    changed = next(i for i in diff.items if i.item_id == "BUN-M1")
    assert {c.category: c.text() for c in changed.changes} == {
        "koppling": "bidrar_till: + KF-M2", "målvärde": "I1 målvärde 2026: 84 → 88",
        "utfall": "I1 utfall 2026-Q3: – → 85", "bedömning": "bedömning 2026-H1 färg: grön → gul"}
    moved = next(i for i in diff.items if i.status == "flyttad")
    assert moved.unit_name == "Barn- och utbildningsnämnden" and moved.old_unit_name == "Grundskola"
    text = render_diff_text(diff)
    assert text.startswith("Ändringar i styrmodellen: HEAD~1 (")
    assert "1 mål tillagt, 1 aktivitet borttagen, 1 mål flyttat, 1 mål ändrat" in text
    assert "      målvärde   I1 målvärde 2026: 84 → 88\n" in text


def test_markdown_for_a_merge_request_comment(repo: Repo) -> None:
    changes(repo)
    repo.replace(BUN_GOAL, "titel: Eleverna når högre kunskapsresultat i grundskolan", "titel: Eleverna | <b>mer</b>")
    repo.commit("Ändringar", PER)
    md = render_diff_md(model_diff(repo.root, "HEAD~1..HEAD"))
    assert md.startswith("### Ändringar i styrmodellen\n")
    assert "#### Tillagt (1)" in md and "#### Ändrat (1)" in md and "#### Flyttat (1)" in md
    assert "| Del | Ändring |" in md and "| målvärde | I1 målvärde 2026: 84 → 88 |" in md
    assert "bidrar\\_till: \\+ KF-M2" in md or "bidrar\\_till: + KF-M2" in md
    assert "<b>" not in md and "Eleverna \\| &lt;b&gt;mer&lt;/b&gt;" in md


def test_working_tree_against_head_includes_new_files(repo: Repo) -> None:
    changes(repo)
    diff = model_diff(repo.root)
    assert diff.new_label == "arbetskopian"
    assert ("tillagd", "BUN-M2") in {(i.status, i.item_id) for i in diff.items}
    data = json.loads(commands_output(repo, ["diff", str(repo.root), "-f", "json"]))
    assert {i["id"] for i in data["poster"]} == {"BUN-M2", "BUN-A1", "BUN-V-M1", "BUN-M1"}
    assert data["till"] == "arbetskopian"


def test_three_dots_start_at_the_merge_base(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "förslag")
    repo.replace(BUN_GOAL, "2026: 84}", "2026: 90}")
    repo.commit("Förslag: högre målvärde", ANNA)
    repo.git("checkout", "-q", "main")
    repo.replace(KF_GOAL, "utfall: {2023: 82, 2024: 83, 2025: 84}", "utfall: {2023: 82, 2024: 83, 2025: 85}")
    repo.commit("Utfall på main", PER)
    ids = {i.item_id for i in model_diff(repo.root, "main...förslag").items}
    assert ids == {"BUN-M1"}
    assert {i.item_id for i in model_diff(repo.root, "main..förslag").items} == {"BUN-M1", "KF-M1"}


def test_formatting_only_is_a_note_not_a_change(repo: Repo) -> None:
    repo.write(KF_GOAL, "# Kommunens mål\n" + repo.read(KF_GOAL))
    diff = model_diff(repo.root)
    assert diff.items == () and any("formatering" in n for n in diff.notes)
    assert "Inga ändringar i styrmodellen." in render_diff_text(diff)


def test_adoption_tags(repo: Repo) -> None:
    done = adopt(repo.root, "KF", date(2026, 10, 23), "§ 123")
    assert done.adoption.tag == "beslut/KF/2026-10-23" and not done.dirty
    assert repo.git("cat-file", "-t", "beslut/KF/2026-10-23") == "tag"  # annotated
    body = repo.git("tag", "-l", "--format=%(contents)", "beslut/KF/2026-10-23")
    assert "organ: KF\ndatum: 2026-10-23\nparagraf: § 123" in body
    repo.write(KF_GOAL, repo.read(KF_GOAL) + "\n")
    second = adopt(repo.root, "KF", date(2026, 10, 23), "§ 124", period="2026-H1", note="Delårsrapporten")
    assert second.adoption.tag == "beslut/KF/2026-10-23-2" and second.dirty
    found = adoptions(gitio.open_repo(repo.root))
    assert [(a.tag, a.kind, a.period, a.paragraph) for a in found] == [
        ("beslut/KF/2026-10-23", "mål", None, "§ 123"), ("beslut/KF/2026-10-23-2", "delår", "2026-H1", "§ 124")]
    assert found[1].note == "Delårsrapporten"
    assert latest(found, "kf", "mål") == found[0]
    assert latest(found, "BUN") is None


def test_the_same_decision_twice_is_one_tag(repo: Repo) -> None:
    # A retried CI job or a second try: the same organ, day, period and commit make no second tag.
    first = adopt(repo.root, "KF", date(2026, 10, 23), "§ 123", period="2026-H1")
    with pytest.raises(AdoptionError, match="beslutet finns redan: delår 2026-H1 antaget av KF 2026-10-23"):
        adopt(repo.root, "KF", date(2026, 10, 23), "§ 123", period="2026-H1")
    assert [a.tag for a in adoptions(gitio.open_repo(repo.root))] == [first.adoption.tag]
    # Another decision of the same meeting (the goals, not the delår) is a decision of its own.
    assert adopt(repo.root, "KF", date(2026, 10, 23), "§ 124").adoption.tag == "beslut/KF/2026-10-23-2"


def test_hand_made_tags_and_bad_input(repo: Repo) -> None:
    repo.git("tag", "beslut/BUN/2026-02-01")  # lightweight, no fields: the name says enough
    found = adoptions(gitio.open_repo(repo.root))
    assert [(a.organ, a.day, a.period) for a in found] == [("BUN", date(2026, 2, 1), None)]
    with pytest.raises(AdoptionError, match="kan inte antas"):
        adopt(repo.root, "KF", date(2026, 4, 1), "§ 1", period="2026-Q1")
    with pytest.raises(AdoptionError, match="organ"):
        adopt(repo.root, "K F/x", date(2026, 4, 1), "§ 1")
    with pytest.raises(gitio.BadRevision):
        adopt(repo.root, "KF", date(2026, 4, 1), "§ 1", rev="finns-inte")
    record = gitio.TagRecord("beslut/KF/2026-04-20", "abc", message("KF", date(2026, 4, 20), "§ 45", "2025"), "", None)
    assert parse_tag(record) is not None and parse_tag(record).kind == "bokslut"  # type: ignore[union-attr]


def test_diff_from_the_latest_adoption(repo: Repo) -> None:
    adopt(repo.root, "KF", date(2026, 10, 23), "§ 123")
    repo.replace(BUN_GOAL, "2026: 84}", "2026: 85}")
    repo.commit("Efter beslutet", PER)
    for diff in (model_diff(repo.root, since_adoption=True), model_diff(repo.root, "beslut/KF"),
                 model_diff(repo.root, "beslut..HEAD"), model_diff(repo.root, since_adoption=True, organ="KF")):
        assert [i.item_id for i in diff.items] == ["BUN-M1"]
        assert diff.old_label.startswith("beslut/KF/2026-10-23")
    with pytest.raises(gitio.BadRevision, match="Inget beslut för BUN"):
        model_diff(repo.root, since_adoption=True, organ="BUN")


# --- the commands -----------------------------------------------------------------------------------------------

def app() -> typer.Typer:
    cli = typer.Typer()
    cli.command()(commands.log)
    cli.command()(commands.diff)
    cli.command()(commands.adopt)
    return cli


def commands_output(repo: Repo, args: list[str], code: int = 0) -> str:
    result = CliRunner().invoke(app(), args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def test_commands(repo: Repo) -> None:
    root = str(repo.root)
    repo.replace(BUN_GOAL, "2025: 84}", "2025: 85}")
    repo.commit("Rättat utfall", PER, "2026-02-03T10:00:00+01:00")
    out = commands_output(repo, ["log", "BUN-M1", root])
    assert "Mål BUN-M1 – Eleverna når högre kunskapsresultat i grundskolan" in out
    assert "Per Lind  [ändrad]" in out and "· I1 utfall 2025: 84 → 85" in out
    md = commands_output(repo, ["log", "BUN-M1/I1", root, "--format", "md", "-n", "1"])
    assert md.startswith("### Indikator BUN-M1/I1") and "1 av 2 commits" in md and md.count("| `") == 1
    data = json.loads(commands_output(repo, ["log", "BUN-M1", root, "-f", "json"]))
    assert data["poster"][0]["ändringar"][0]["nytt"] == 85 and data["poster"][0]["författare"] == "Per Lind"
    out = commands_output(repo, ["adopt", root, "--organ", "KF", "--date", "2026-04-20", "--paragraph", "§ 45",
                                 "--period", "2025"])
    assert "beslut/KF/2026-04-20" in out and "Perioden 2025 är nu stängd" in out
    target = repo.top.parent / "kommentar.md"
    commands_output(repo, ["diff", "HEAD~1..HEAD", root, "-f", "md", "-o", str(target)])
    assert "| utfall | I1 utfall 2025: 84 → 85 |" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ["log", "XX-M9", "{root}"], ["diff", "finns-inte..HEAD", "{root}"], ["diff", "HEAD~99", "{root}"],
    ["diff", "--evil", "{root}"], ["diff", "a..b..c", "{root}"], ["log", "BUN-M1", "{root}", "-f", "pdf"],
    ["adopt", "{root}"], ["adopt", "{root}", "--organ", "KF", "--date", "23/10"],
    ["adopt", "{root}", "--organ", "KF", "--period", "2026-Q2"]])
def test_command_errors_are_swedish(repo: Repo, args: list[str]) -> None:
    result = CliRunner().invoke(app(), [a.replace("{root}", str(repo.root)) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.startswith("styr: ") or "No such option" in result.output


def test_commands_outside_a_goal_repository(tmp_path: Path) -> None:
    result = CliRunner().invoke(app(), ["log", "BUN-M1", str(tmp_path)])
    assert result.exit_code == 2 and "målrepo" in result.output


def test_model_vision_and_sections(repo: Repo) -> None:
    repo.write("styrmodell.yaml", repo.read("styrmodell.yaml") + "stängda_perioder: [2024]\n")
    repo.write("kommun/nämnd/verksamhetsplan/ekonomi.md", "# Ekonomi och investeringar\n\nText.\n")
    diff = model_diff(repo.root)
    assert {(i.kind, i.status, i.title) for i in diff.items} == {
        ("styrmodell", "ändrad", ""), ("avsnitt", "tillagd", "Ekonomi och investeringar")}
    model_change = next(i for i in diff.items if i.kind == "styrmodell")
    assert [c.text() for c in model_change.changes] == ["stängda_perioder: + 2024"]
    md = render_diff_md(diff)
    assert "**Styrmodell och vision**" in md and "Avsnitt ekonomi.md – Ekonomi och investeringar" in md


def test_long_markdown_folds_each_unit(repo: Repo) -> None:
    text = repo.read(BUN_GOAL)
    for n in range(2, 32):
        repo.write(f"kommun/nämnd/mål/bun-m{n}.yaml", text.replace("id: BUN-M1", f"id: BUN-M{n}"))
    repo.commit("Många mål", PER)
    for n in range(2, 32):
        repo.replace(f"kommun/nämnd/mål/bun-m{n}.yaml", "2026: 84}", "2026: 85}")
    diff = model_diff(repo.root)
    assert len(diff.items) == 30
    md = render_diff_md(diff)
    assert "<details><summary>Barn- och utbildningsnämnden (30)</summary>" in md and md.count("</details>") == 1
