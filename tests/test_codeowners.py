"""`styr codeowners` and rule O08, on a real copy of the example repository."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from styr.app.pipeline import analyse
from styr.cli import app
from styr.load.source import WorkTree

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
runner = CliRunner()


def copy(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(EXAMPLE, target)
    return target


def test_unit_folders_are_owned_by_chef_and_samordnare(tmp_path: Path) -> None:
    repo = copy(tmp_path)
    result = runner.invoke(app, ["codeowners", str(repo), "--date", "2026-11-29"])
    assert result.exit_code == 0, result.output
    text = (repo / "CODEOWNERS").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines[0].startswith("/styrmodell.yaml @")
    kommun = next(line for line in lines if line.startswith("/kommun/ "))
    bun = next(line for line in lines if line.startswith("/kommun/barn-och-utbildningsnamnden/ "))
    assert lines.index(kommun) < lines.index(bun)  # the deeper, later line wins on both platforms
    assert len(bun.split()) >= 2
    assert any(line.startswith("/kommun/mål/ @") for line in lines)


def test_gitlab_sections_and_check_mode(tmp_path: Path) -> None:
    repo = copy(tmp_path)
    assert runner.invoke(app, ["codeowners", str(repo), "--syntax", "gitlab"]).exit_code == 0
    text = (repo / "CODEOWNERS").read_text(encoding="utf-8")
    assert "\n[Barn- och utbildningsnämnden]\n" in text
    assert runner.invoke(app, ["codeowners", str(repo), "--syntax", "gitlab", "--check"]).exit_code == 0
    assert runner.invoke(app, ["codeowners", str(repo), "--check"]).exit_code == 1


def test_refuses_to_overwrite_a_hand_written_file(tmp_path: Path) -> None:
    repo = copy(tmp_path)
    (repo / "CODEOWNERS").write_text("* @someone\n", encoding="utf-8")
    result = runner.invoke(app, ["codeowners", str(repo)])
    assert result.exit_code == 2
    assert (repo / "CODEOWNERS").read_text(encoding="utf-8") == "* @someone\n"
    assert runner.invoke(app, ["codeowners", str(repo), "--force"]).exit_code == 0


def without_git_names(repo: Path) -> Path:
    """The repository with every `git:` line of its styrkort taken out."""
    for styrkort in repo.rglob("styrkort.yaml"):
        text = styrkort.read_text(encoding="utf-8")
        styrkort.write_text("\n".join(line for line in text.splitlines() if "git:" not in line) + "\n",
                            encoding="utf-8")
    return repo


def test_unit_without_any_owner_is_reported(tmp_path: Path) -> None:
    repo = without_git_names(copy(tmp_path))
    analysis = analyse(WorkTree(repo), date(2026, 11, 29))
    o08 = [d for d in analysis.diagnostics if d.code == "O08"]
    assert o08 and all(d.path.endswith("styrkort.yaml") for d in o08)
    assert "git-namn" in o08[0].message


def test_without_any_git_name_every_line_names_an_owner_and_the_user_is_told(tmp_path: Path) -> None:
    # A new repository: nobody has a git name yet. No line without owners (GitLab counts one as an error), a count
    # that says so, and what to do.
    repo = without_git_names(copy(tmp_path))
    for syntax in ("github", "gitlab"):
        result = runner.invoke(app, ["codeowners", str(repo), "--syntax", syntax, "--force"])
        assert result.exit_code == 0, result.output
        text = (repo / "CODEOWNERS").read_text(encoding="utf-8")
        entries = [line for line in text.splitlines() if line and not line.startswith(("#", "["))]
        assert entries == []
        assert not any(line != line.rstrip() for line in text.splitlines())
        assert "(0 rader med ägare)" in result.stdout
        assert "ingen chef eller samordnare har ett git-namn" in " ".join(result.stderr.split())
    result = runner.invoke(app, ["codeowners", str(copy(tmp_path / "b"))])
    assert result.exit_code == 0 and "(18 rader med ägare)" in result.stdout


def test_example_repo_has_owners_everywhere() -> None:
    analysis = analyse(WorkTree(EXAMPLE), date(2026, 11, 29))
    assert not [d for d in analysis.diagnostics if d.code == "O08"]


def test_a_git_name_that_is_no_git_user_writes_no_line_of_its_own(tmp_path: Path) -> None:
    """A chef who edits the styrkort of their unit must not become owner of files the roles never gave them: a line
    break in `git:` wrote a CODEOWNERS line of its own (`/styrmodell.yaml @någon`, later lines win), a space added
    an owner and a `#` hid the rest of the line. Such a name is left out, and the command says so."""
    repo = copy(tmp_path)
    styrkort = repo / "kommun" / "styrkort.yaml"
    text = styrkort.read_text(encoding="utf-8")
    first = text.index('git: "@')
    end = text.index('"', first + 6)
    for bad in ("@helena.strand\\n/styrmodell.yaml @inkräktare", "@helena.strand @inkräktare",
                "@helena.strand #", "helena strand@ekeby.se"):
        styrkort.write_text(text[:first] + f'git: "{bad}' + text[end:], encoding="utf-8")
        for syntax in ("github", "gitlab"):
            result = runner.invoke(app, ["codeowners", str(repo), "--syntax", syntax, "--force"])
            assert result.exit_code == 0, result.output
            written = (repo / "CODEOWNERS").read_text(encoding="utf-8")
            assert "inkräktare" not in written and "helena" not in written, (bad, written)
            assert "/kommun/ @jonas.berg\n" in written  # the kommun's folder keeps its samordnare alone
            assert "är inget Git-namn och skrivs inte i CODEOWNERS" in " ".join(result.stderr.split()), bad
    styrkort.write_text(text[:first] + 'git: "helena.strand' + text[end:], encoding="utf-8")  # the @ left out
    result = runner.invoke(app, ["codeowners", str(repo), "--force"])
    lines = (repo / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    assert "/kommun/ @helena.strand @jonas.berg" in lines, result.output
