"""No program a goal repository names is ever run by styr: each trap of a hostile clone is planted in a real Git
repository, every styr command that reads Git runs on it, and no trap may leave its marker. Each trap is then
sprung with plain Git, which proves it was live (so the test fails if styr's protection goes)."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from history_gitrepo import BUN_GOAL, Repo, git_identity, make_repo
from hostile import TODAY, Traps, failures, git, styr, styr_process

__all__ = ["git_identity"]  # autouse fixture: an own Git configuration for every test

SIGNATURES = {
    "openpgp": "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----",
    "ssh": "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----",
    "x509": "-----BEGIN SIGNED MESSAGE-----\nMIIB\n-----END SIGNED MESSAGE-----",
}


@dataclass
class Setup:
    repo: Repo
    traps: Traps
    root: Path
    """The goal repository styr is pointed at (the Git work tree's top or a folder in it)."""


# --- planting ---------------------------------------------------------------------------------------------------


def config(s: Setup, *pairs: tuple[str, str]) -> None:
    for key, value in pairs:
        git(s.repo.top, "config", key, value)


def commit_files(s: Setup, files: dict[str, str], message: str = "Filer") -> None:
    for rel, text in files.items():
        path = s.repo.top / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(s.repo.top, "add", "-A")
    git(s.repo.top, "commit", "-q", "--allow-empty", "-m", message,
        env={"GIT_AUTHOR_DATE": "2026-05-01T10:00:00+02:00", "GIT_COMMITTER_DATE": "2026-05-01T10:00:00+02:00"})


def signed_commit(s: Setup, kind: str) -> None:
    """A new commit on HEAD carrying a signature header: showing it with its signature runs the program."""
    raw = git(s.repo.top, "cat-file", "commit", "HEAD")
    header, _, _ = raw.partition("\n\n")
    tree = header.splitlines()[0]
    people = [line for line in header.splitlines() if line.startswith(("author ", "committer "))]
    head = git(s.repo.top, "rev-parse", "HEAD")
    signature = "gpgsig " + SIGNATURES[kind].replace("\n", "\n ")
    body = "\n".join([tree, f"parent {head}", *people, signature]) + f"\n\nSignerad ({kind})\n"
    sha = git(s.repo.top, "hash-object", "-t", "commit", "-w", "--stdin", input_bytes=body.encode())
    git(s.repo.top, "update-ref", "HEAD", sha)


def remove_blob(s: Setup, rel: str) -> str:
    """Delete a loose object, as a partial clone lacks it: Git would then fetch it from the promisor remote."""
    sha = git(s.repo.top, "rev-parse", f"HEAD:{rel}")
    (s.repo.top / ".git" / "objects" / sha[:2] / sha[2:]).unlink()
    return sha


def bare_shaped(folder: str, program: str) -> dict[str, str]:
    """A folder laid out as a bare repository whose config runs a program, as files to commit."""
    return {f"{folder}/HEAD": "ref: refs/heads/main\n", f"{folder}/objects/info/.keep": "",
            f"{folder}/refs/heads/.keep": "",
            f"{folder}/config": f"[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n"
                                f"\tfsmonitor = {program}\n[gpg]\n\tprogram = {program}\n"}


HOOKS = ("reference-transaction", "post-index-change", "pre-auto-gc", "post-checkout", "pre-commit",
         "post-rewrite", "fsmonitor-watchman", "pre-push", "post-update", "push-to-checkout")


def hook_files(folder: str, program: str) -> dict[str, str]:
    return {f"{folder}/{name}": f"#!/bin/sh\n{program} \"$@\"\n" for name in HOOKS}


def executable(folder: Path) -> None:
    for path in folder.iterdir():
        path.chmod(0o755)


# --- springing with plain Git -----------------------------------------------------------------------------------


def touch(s: Setup, *rels: str) -> None:
    for rel in rels:
        path = s.root / rel
        path.write_text(path.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")


def run_git(*args: str, where: str = "") -> Callable[[Setup], None]:
    def spring(s: Setup) -> None:
        touch(s, BUN_GOAL, PLAN, "vision.yaml")
        git(s.repo.top / where if where else s.repo.top, *args, check=False)

    return spring


def spring_pager(s: Setup) -> None:
    """The pager runs only for a terminal: give plain Git one."""
    leader, follower = pty.openpty()
    try:
        subprocess.run(["git", "log", "-1"], cwd=s.repo.top, stdout=follower, stderr=follower,
                       stdin=subprocess.DEVNULL, timeout=30, check=False)
    finally:
        os.close(follower)
        os.close(leader)


def spring_fetch(s: Setup) -> None:
    git(s.repo.top, "cat-file", "-p", (s.repo.top.parent / "saknas.txt").read_text(encoding="utf-8"), check=False)


# --- the traps --------------------------------------------------------------------------------------------------


PLAN = "kommun/verksamhetsplan/ekonomi.md"


def p_fsmonitor(s: Setup) -> None:
    config(s, ("core.fsmonitor", s.traps.program("fsmonitor")))


def p_hooks(s: Setup) -> None:
    program = s.traps.program("hook")
    for rel, body in hook_files(".git/hooks", program).items():
        (s.repo.top / rel).write_text(body, encoding="utf-8")
    executable(s.repo.top / ".git" / "hooks")
    config(s, ("gc.auto", "1"))


def p_hooks_path(s: Setup) -> None:
    commit_files(s, hook_files(".githooks", s.traps.program("hookspath")))
    executable(s.repo.top / ".githooks")
    config(s, ("core.hooksPath", ".githooks"))


def p_signatures(s: Setup) -> None:
    for kind in SIGNATURES:
        signed_commit(s, kind)
    gpg = s.traps.program("gpg")
    config(s, ("log.showSignature", "true"), ("gpg.program", gpg), ("gpg.openpgp.program", gpg),
           ("gpg.ssh.program", gpg), ("gpg.x509.program", gpg), ("gpg.ssh.allowedSignersFile", "/dev/null"),
           ("tag.gpgSign", "true"), ("tag.forceSignAnnotated", "true"), ("user.signingKey", "ABCDEF"))


def p_pager(s: Setup) -> None:
    t = s.traps.program("pager")
    config(s, ("core.pager", t), ("pager.log", t), ("pager.diff", t), ("pager.tag", t), ("pager.status", t))


def p_alias(s: Setup) -> None:
    t = s.traps.program("alias")
    config(s, ("alias.granska", f"!{t}"), *((f"alias.{c}", f"!{t}") for c in ("log", "diff", "status", "tag",
                                                                                "cat-file", "rev-parse")))


def p_bare_unit(s: Setup) -> None:
    commit_files(s, bare_shaped("kommun/nämnd", s.traps.program("bareunit")))


def p_submodule(s: Setup) -> None:
    inner = s.repo.top.parent / "inner"
    inner.mkdir()
    git(inner, "init", "-q", "-b", "main")
    (inner / "a.txt").write_text("a\n", encoding="utf-8")
    git(inner, "add", "-A")
    git(inner, "commit", "-q", "-m", "inre")
    git(s.repo.top, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "kommun/extern")
    git(s.repo.top, "commit", "-q", "-m", "delmodul")
    git(s.repo.top / "kommun" / "extern", "config", "core.fsmonitor", s.traps.program("submodule"))
    (s.repo.top / "kommun" / "extern" / "a.txt").write_text("ändrad\n", encoding="utf-8")


def p_filters(s: Setup) -> None:
    # Git stops at a long-running filter that does not answer: it gets the file Git reaches last.
    commit_files(s, {".gitattributes": "*.yaml filter=ond merge=ond\nvision.yaml filter=process\n"})
    (s.repo.top / ".git" / "info").mkdir(exist_ok=True)
    (s.repo.top / ".git" / "info" / "attributes").write_text("*.md filter=info\n", encoding="utf-8")
    t = s.traps.program("filter")
    config(s, ("filter.ond.clean", f"{t} clean"), ("filter.ond.smudge", f"{t} smudge"),
           ("filter.ond.required", "true"), ("merge.ond.driver", f"{t} merge"),
           ("filter.process.process", s.traps.program("process")),
           ("filter.info.clean", s.traps.program("infoattributes")))


def p_diff_programs(s: Setup) -> None:
    commit_files(s, {".gitattributes": "*.yaml diff=visa\n", "kommun/.gitattributes": "*.md diff=jämför\n"})
    config(s, ("diff.visa.textconv", s.traps.program("textconv")), ("diff.visa.cachetextconv", "false"),
           ("diff.jämför.command", s.traps.program("diffcommand")), ("diff.external", s.traps.program("external")))


def p_includes(s: Setup) -> None:
    inc, cond = s.traps.program("include"), s.traps.program("includeif")
    commit_files(s, {"kommun/.inställningar": f"[filter \"inc\"]\n\tclean = {inc}\n\trequired = true\n",
                     "_delat/git.cfg": f"[core]\n\tfsmonitor = {cond}\n", ".gitattributes": "*.yaml filter=inc\n"})
    config(s, ("include.path", "../kommun/.inställningar"), ("includeIf.onbranch:main.path", "../_delat/git.cfg"),
           ("includeIf.gitdir:/.path", "../_delat/git.cfg"))


def p_unnameable(s: Setup) -> None:
    commit_files(s, {".gitattributes": "*.yaml filter=a=b\n"})
    config(s, ("filter.a=b.clean", s.traps.program("unnameable")))


def p_bare_root(s: Setup) -> None:
    commit_files(s, bare_shaped("mal", s.traps.program("bareroot")))


def p_promisors(s: Setup) -> None:
    sha = remove_blob(s, f"{s.root.relative_to(s.repo.top) / BUN_GOAL}".removeprefix("./"))
    (s.repo.top.parent / "saknas.txt").write_text(sha, encoding="utf-8")
    fetch, ssh = s.traps.program("ext"), s.traps.program("ssh")
    config(s, ("core.repositoryformatversion", "1"), ("extensions.partialClone", "origin"),
           ("remote.origin.promisor", "true"), ("remote.origin.url", f"ext::sh -c {fetch}% >&2"),
           ("remote.andra.promisor", "true"), ("remote.andra.url", "ssh://git@example.invalid/mal.git"),
           ("protocol.ext.allow", "always"), ("protocol.allow", "always"), ("core.sshCommand", ssh),
           ("credential.helper", f"!{ssh}"), ("core.askPass", ssh), ("remote.andra.uploadpack", ssh))


@dataclass(frozen=True)
class Group:
    """Traps that can live in one repository; each with the plain Git command that springs it."""

    name: str
    plants: tuple[Callable[[Setup], None], ...]
    springs: tuple[tuple[str, Callable[[Setup], None]], ...]
    sub: str = ""
    history: bool = True
    """styr reads this repository's history (and not some other repository's)."""


GROUPS = [
    Group("config-hooks-signatures-pager-aliases-submodule-bare-unit",
          (p_fsmonitor, p_hooks_path, p_signatures, p_pager, p_alias, p_bare_unit, p_submodule),
          (("fsmonitor", run_git("status")), ("submodule", run_git("status")),
           ("hookspath", run_git("update-ref", "refs/heads/prov", "HEAD")), ("gpg", run_git("log", "-3")),
           ("gpg", run_git("tag", "-a", "t2", "-m", "x")), ("pager", spring_pager), ("alias", run_git("granska")),
           ("bareunit", run_git("status", where="kommun/nämnd")))),
    Group("hooks-in-dot-git", (p_hooks,), (("hook", run_git("update-ref", "refs/heads/prov", "HEAD")),)),
    Group("filters", (p_filters,), (("filter", run_git("add", "-A")), ("process", run_git("add", "-A")),
                                    ("infoattributes", run_git("add", "-A")))),
    Group("diff-programs", (p_diff_programs,), (("textconv", run_git("diff", "--no-ext-diff")),
                                                ("external", run_git("diff")),
                                                ("diffcommand", run_git("diff", "--", PLAN)))),
    Group("includes", (p_includes,), (("include", run_git("add", "-A")), ("includeif", run_git("status")))),
    Group("driver-name-with-equals", (p_unnameable,), (("unnameable", run_git("add", "-A")),), history=False),
    Group("bare-repository-as-goal-root", (p_bare_root,), (("bareroot", run_git("status", where="mal")),), "mal"),
    Group("promisor-remotes", (p_promisors,), (("ext", spring_fetch), ("ssh", spring_fetch))),
]


def build(tmp_path: Path, group: Group) -> Setup:
    repo = make_repo(tmp_path)
    setup = Setup(repo, Traps(tmp_path / "traps"), repo.top / group.sub if group.sub else repo.top)
    if group.sub:  # the goal repository one folder down in the Git work tree
        (repo.top / group.sub).mkdir()
        for entry in list(repo.top.iterdir()):
            if entry.name not in (".git", group.sub):
                shutil.move(str(entry), str(repo.top / group.sub / entry.name))
    goal = setup.root / BUN_GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace("utfall: {", "utfall: {2026-Q1: 80, ", 1),
                    encoding="utf-8")
    (setup.root / PLAN).parent.mkdir(parents=True, exist_ok=True)
    (setup.root / PLAN).write_text("# Ekonomi\n\nBudgeten är i balans.\n", encoding="utf-8")
    commit_files(setup, {}, "Utfall för första kvartalet")
    for plant in group.plants:
        plant(setup)
    (setup.root / "kommun" / "ny.yaml").write_text("id: NY\n", encoding="utf-8")  # an untracked file
    touch(setup, BUN_GOAL, PLAN)  # changed, uncommitted files: Git must look at the work tree
    setup.traps.reset()
    return setup


def every_git_command(s: Setup) -> list[list[str | Path]]:
    root, out, csv = s.root, s.repo.top.parent / "ut", s.repo.top.parent / "utfall.csv"
    csv.write_text("indikator;period;utfall\nBUN-M1/I1;2026-Q2;81\n", encoding="utf-8")
    unit = root / "kommun" / "nämnd"
    return [
        ["validate", root, "--base", "HEAD~1", "--date", TODAY],
        ["validate", root, "--rev", "HEAD", "--date", TODAY],
        ["validate", root, "--rev", "HEAD", "--base", "HEAD~1", "--date", TODAY],
        ["status", root, "--rev", "HEAD", "--date", TODAY],
        ["status", unit, "--rev", "HEAD", "--date", TODAY],
        ["report", root, "--format", "md", "--out", out, "--date", TODAY, "--quiet"],
        ["log", "BUN-M1", root],
        ["log", "BUN", root],
        ["diff", "HEAD~1..HEAD", root],
        ["diff", "HEAD", root],
        ["diff", "--since-adoption", root],
        ["adopt", root, "--organ", "KF", "--date", "2026-02-10", "--period", "2025", "--paragraph", "§ 1"],
        ["utfall", "BUN-M1/I1", "2026-Q3", "82", root, "--date", TODAY],
        ["import", csv, root, "--date", TODAY],
        ["bedömning", "BUN-M1", "2026-H1", root, "--färg", "gul", "--analys", "Text.", "--prognos", "gul",
         "--date", TODAY],
    ]


@pytest.mark.parametrize("group", GROUPS, ids=[g.name for g in GROUPS])
def test_no_styr_command_runs_what_the_repository_names(group: Group, tmp_path: Path) -> None:
    s = build(tmp_path, group)
    runs = [styr(*args) for args in every_git_command(s)]
    assert s.traps.fired() == [], "\n".join(s.traps.fired())
    assert not failures(runs), "\n\n".join(failures(runs))
    if group.history:
        log = next(r for r in runs if r.args[:2] == ("log", "BUN-M1"))
        assert log.code == 0 and "Eleverna når högre kunskapsresultat" in log.output, log.describe()
    # The same repository, plain Git: each trap goes off, so the silence above is styr's doing.
    for name, spring in group.springs:
        s.traps.reset()
        spring(s)
        assert any(line.split()[0] == name for line in s.traps.fired()), \
            f"fällan {name} går inte av med vanlig Git, så testet prövar den inte: {s.traps.fired()}"


def test_a_new_process_runs_nothing_either(tmp_path: Path) -> None:
    """`python -m styr` as CI runs it, on a repository with several traps at once."""
    s = build(tmp_path, Group("flera", (p_fsmonitor, p_filters, p_signatures, p_hooks), ()))
    for args in (["validate", s.root, "--base", "HEAD~1", "--date", TODAY], ["log", "BUN-M1", s.root],
                 ["diff", "HEAD", s.root], ["report", s.root, "--format", "md", "--out", tmp_path / "ut2"]):
        done = styr_process(*args)
        assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    assert s.traps.fired() == []


def test_a_bare_repository_is_read_only_when_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    bare = tmp_path / "mal.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo.top), str(bare))
    refused = styr("validate", bare, "--rev", "HEAD", "--date", TODAY)
    assert refused.code == 2 and "bart" in refused.output and "GIT_DIR" in refused.output
    monkeypatch.setenv("GIT_DIR", str(bare))
    asked = styr("validate", bare, "--rev", "HEAD", "--date", TODAY)
    assert asked.code == 0, asked.describe()


def test_a_hook_environment_still_reads_the_right_repository(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Git exports GIT_DIR to hooks (a pre-commit hook running `styr validate`): that is the user's choice."""
    repo = make_repo(tmp_path)
    monkeypatch.chdir(repo.top)
    monkeypatch.setenv("GIT_DIR", ".git")
    run = styr("log", "BUN-M1", repo.top)
    assert run.code == 0, run.describe()
    assert "1 commit" in run.output


def test_output_settings_of_a_hostile_config_do_not_change_what_styr_reads(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    plain = [styr("log", "BUN-M1", repo.top).output, styr("diff", "HEAD", repo.top).output]
    for key, value in (("color.ui", "always"), ("color.diff", "always"), ("grep.lineNumber", "true"),
                       ("grep.column", "true"), ("log.decorate", "full"), ("i18n.logOutputEncoding", "UTF-16"),
                       ("diff.relative", "true"), ("core.quotePath", "true"), ("log.abbrevCommit", "true"),
                       ("core.abbrev", "4"), ("diff.noprefix", "true"), ("diff.renames", "copies"),
                       ("log.showRoot", "false"), ("log.follow", "true"), ("core.worktree", "/")):
        git(repo.top, "config", key, value)
    assert [styr("log", "BUN-M1", repo.top).output, styr("diff", "HEAD", repo.top).output] == plain
