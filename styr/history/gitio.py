"""All access to Git: `git` subprocesses for bulk reads (one pass each) and for writing tags.

No other module runs Git (tests/test_architecture.py holds it to that), and every call here names the
repository it means and switches off every program a repository could name: see "pinning the repository".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import IO

from styr.frozen import frozen

ZERO = "0" * 40
_SEP, _FIELD = b"\x1e", b"\x1f"
# One commit header per record: sha, author, e-mail, author date, parents, full message.
_FORMAT = "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%P%x1f%B"
SHORT = 8
"""Length of a short commit id, as GitLab shows them (`%h` would follow --no-abbrev and be full length)."""
class GitError(Exception):
    """Git could not do what was asked. The message is Swedish and meant for the user."""


class NotARepository(GitError):
    """The folder is not inside a Git work tree (or Git is not installed)."""


class NoCommits(GitError):
    """The repository has no commits yet."""


class BadRevision(GitError):
    """A revision that Git does not know (or that is not a commit)."""


@frozen
class GitRepo:
    """A Git work tree and where the goal repository lies in it."""

    top: Path
    prefix: str
    """The goal repository's folder relative to `top`: '' or 'a/b/' (always with a trailing slash)."""
    shallow: frozenset[str]
    """The boundary commits of a shallow clone: their parents are missing (empty for a full clone)."""
    git_dir: str | None = None
    """The repository every call names (GIT_DIR): the `.git` found from the goal repository, never rediscovered."""
    work_tree: str | None = None
    """Its work tree (GIT_WORK_TREE), or None for a bare repository read on request."""
    guards: tuple[tuple[str, str], ...] = ()
    """Settings that switch off this repository's own filter, diff and merge drivers."""

    @property
    def is_shallow(self) -> bool:
        return bool(self.shallow)

    def rel(self, top_path: str) -> str | None:
        """A path relative to the goal repository, or None when it lies outside it."""
        if not self.prefix:
            return top_path
        return top_path[len(self.prefix):] if top_path.startswith(self.prefix) else None

    def full(self, rel: str) -> str:
        return self.prefix + rel


@frozen
class Commit:
    """One commit as plain values. `date` is the author date, with its time zone."""

    sha: str
    short: str
    author: str
    email: str
    date: datetime
    message: str
    parents: tuple[str, ...] = ()

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()


@frozen
class FileChange:
    """One line of `git log --raw`: status A, M, D, T or R, paths relative to the work tree's top."""

    status: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None
    """None for a working-tree file that Git has not hashed: read it from disk."""


class LogRecord:
    """One commit of `git log --raw` and the files it changed. The file list is parsed the first time it is
    asked for: most of a long history is only scanned, with `mentions`, for the one path being followed."""

    __slots__ = ("_changes", "_raw", "commit")

    def __init__(self, commit: Commit, raw: bytes) -> None:
        self.commit = commit
        self._raw = raw
        self._changes: tuple[FileChange, ...] | None = None

    @property
    def changes(self) -> tuple[FileChange, ...]:
        if self._changes is None:
            self._changes = tuple(_parse_raw(self._raw))
        return self._changes

    def changes_touching(self, path: str) -> list[FileChange]:
        """The changes whose old or new path contains `path`: the big first commit of a repository is not
        turned into thousands of objects to find one file in it."""
        if self._changes is not None:
            return [c for c in self._changes if path in (c.old_path or "") or path in (c.new_path or "")]
        return _parse_raw(self._raw, _forms(path))

    def mentions(self, path: str) -> bool:
        """A fast, conservative test: False only when no changed path contains `path`."""
        return any(form in self._raw for form in _forms(path))

    @property
    def deletes(self) -> bool:
        """True when the commit may delete a file (status D in the raw listing)."""
        return b" D\x00" in self._raw


def _forms(path: str) -> tuple[bytes, ...]:
    # a repository written on a Mac without core.precomposeunicode stores decomposed names
    if path.isascii():
        return (path.encode(),)
    return (unicodedata.normalize("NFC", path).encode(), unicodedata.normalize("NFD", path).encode())


@frozen
class TagRecord:
    """An annotated (or lightweight) tag: its name without refs/tags/, the commit it points at, its message."""

    name: str
    commit: str
    message: str
    tagger: str
    tagged: datetime | None


# --- pinning the repository and making Git inert -------------------------------------------------------------
#
# A goal repository is untrusted: a clone (or a CI cache, or an unpacked archive) may carry a .git/config, a
# committed folder laid out as a bare repository, or a .gitattributes that name programs for Git to run. Every
# call below therefore (1) names the repository explicitly, so Git never discovers one by itself, and (2) runs
# with settings under which reading runs nothing but Git.

_INERT: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),  # a program Git asks which files changed (status, diff against the work tree)
    ("core.hooksPath", os.devnull),  # hooks: reference-transaction on `git tag`, post-index-change, …
    ("core.pager", "cat"),  # never a pager (there is no terminal anyway, but pager.<cmd> could name one)
    ("core.editor", ":"),
    ("core.askPass", ""),
    ("core.sshCommand", "false"),
    ("credential.helper", ""),  # an empty value clears the list of helpers
    ("diff.external", ""),  # an external diff program (also refused with --no-ext-diff)
    ("log.showSignature", "false"),  # `git log` would run gpg.program on every signed commit
    ("gpg.program", "false"),
    ("gpg.openpgp.program", "false"),
    ("gpg.x509.program", "false"),
    ("gpg.ssh.program", "false"),
    ("gpg.ssh.defaultKeyCommand", "false"),
    ("tag.gpgSign", "false"),  # `git tag -a` would sign, running gpg.program
    ("tag.forceSignAnnotated", "false"),
    ("commit.gpgSign", "false"),
    ("protocol.allow", "never"),  # no transport: a partial clone would fetch missing objects on its own
    ("submodule.recurse", "false"),
    ("diff.ignoreSubmodules", "all"),  # a submodule's own config is not ours to neutralise: never enter one
    ("status.submoduleSummary", "false"),
    ("gc.auto", "0"),  # no background `git gc` (and its pre-auto-gc hook)
    ("maintenance.auto", "false"),
    ("safe.bareRepository", "explicit"),  # should anything still discover a repository, never a bare one
    # Settings that change the output we parse: colour codes, another encoding, line numbers in grep.
    ("color.ui", "false"),
    ("i18n.logOutputEncoding", "UTF-8"),
    ("log.mailmap", "false"),
    ("log.abbrevCommit", "false"),
    ("grep.lineNumber", "false"),
    ("grep.column", "false"),
    ("diff.relative", "false"),
    ("log.showRoot", "true"),  # the first commit's files, or a goal first committed there has no history
    ("core.safecrlf", "false"),  # line-end conversion may warn, never stop a read
    # Files a configuration may name for Git to read (a FIFO would hang it): none.
    ("core.excludesFile", ""),
    ("core.attributesFile", ""),
    ("mailmap.file", ""),
    ("mailmap.blob", ""),
)
# Named drivers run a configured program for files whose .gitattributes say `filter=NAME`, `diff=NAME` or
# `merge=NAME`. Their names are the repository's own, so each defined one is switched off by name.
_DRIVER = re.compile(r"(filter|diff|merge)\.(.+)\.(clean|smudge|process|required|textconv|command|driver)",
                     re.DOTALL)
_DRIVER_OFF = {"filter": (("clean", ""), ("smudge", ""), ("process", ""), ("required", "false")),
               "diff": (("textconv", ""), ("command", "")), "merge": (("driver", ""),)}
_ENV = {
    "GIT_TERMINAL_PROMPT": "0",  # never wait for a password in CI
    "GIT_OPTIONAL_LOCKS": "0",  # reading must not take the index lock from a user's running `git commit`
    "LC_ALL": "C",  # stable English messages, which we translate
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_EDITOR": ":",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "GIT_SSH_COMMAND": "false",
    "GIT_ALLOW_PROTOCOL": "",  # overrides every protocol.<name>.allow a config may set: no transport at all
    "GIT_NO_LAZY_FETCH": "1",  # Git 2.44+: a missing object is missing, not fetched
    "GIT_NO_REPLACE_OBJECTS": "1",  # refs/replace/ would let a repository show other objects than it has
}
# Set per call (GIT_DIR, GIT_WORK_TREE) or not at all: left from a hook or a shell, they would point elsewhere.
_UNSET = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_PREFIX", "GIT_INTERNAL_SUPER_PREFIX",
          "GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS", "GIT_CONFIG")
_READ_ONLY_CONFIG = {
    # Reading needs nothing from the machine's or the user's Git configuration, and must not depend on it
    # (a CI image may turn on log.showSignature for everyone). Writing a tag needs the user's identity.
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def _environment(git_dir: str | None, work_tree: str | None, *, user_config: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _UNSET}
    env.update(_ENV)
    if not user_config:
        env.update(_READ_ONLY_CONFIG)
    if git_dir is not None:
        env["GIT_DIR"] = git_dir  # no discovery: a committed bare-repository-shaped folder is never taken
    if work_tree is not None:
        env["GIT_WORK_TREE"] = work_tree  # also overrides core.worktree from a hostile config
    return env


def _inert_args(extra: Iterable[tuple[str, str]] = ()) -> list[str]:
    args = ["--no-pager"]
    for key, value in (*_INERT, *extra):
        args += ["-c", f"{key}={value}"]
    return args


def _driver_overrides(defined: Iterable[str]) -> list[tuple[str, str]]:
    """`key=value` pairs that switch off every filter, diff and merge driver among the config keys given."""
    out: dict[str, str] = {}
    for key in defined:
        found = _DRIVER.fullmatch(key)
        if found is None:
            continue
        kind, name = found.group(1).lower(), found.group(2)
        if "=" in name or "\n" in name:
            # `git -c` splits at the first '=': such a driver could not be named, so it could not be switched off
            raise GitError(f"Git-inställningarna i repot har en {kind}-drivrutin med ett namn som styr inte kan "
                           "stänga av; styr läser därför inte historiken.")
        for setting, value in _DRIVER_OFF[kind]:
            out[f"{kind}.{name}.{setting}"] = value
    return sorted(out.items())


def _git(repo: GitRepo, args: Sequence[str], data: bytes | None = None, ok: Iterable[int] = (0,)) -> bytes:
    return _Running(repo, args, data, ok).output()


class _Running:
    """A `git` child whose output is collected by a thread, so Python can do other work (read files, run a
    second git) while Git writes. `output()` waits and returns stdout, or raises a translated GitError."""

    def __init__(self, repo: GitRepo, args: Sequence[str], data: bytes | None = None, ok: Iterable[int] = (0,),
                 *, cwd: Path | None = None, user_config: bool = False) -> None:
        self.cwd, self.ok = cwd or repo.top, tuple(ok)
        env = _environment(repo.git_dir, repo.work_tree, user_config=user_config)
        command = ["git", *_inert_args(repo.guards), *args]
        try:
            self.proc = subprocess.Popen(command, cwd=self.cwd, env=env,
                                         stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except FileNotFoundError as exc:
            if shutil.which("git") is None:
                raise NotARepository("Git är inte installerat (kommandot 'git' hittades inte).") from exc
            raise NotARepository(f"'{self.cwd}' finns inte.") from exc
        except NotADirectoryError as exc:
            raise NotARepository(f"'{self.cwd}' är ingen mapp.") from exc
        except OSError as exc:
            raise GitError(f"Git kunde inte startas: {exc.strerror or exc}.") from exc
        self._out: list[bytes] = []
        self._err: list[bytes] = []
        self._threads = [threading.Thread(target=self._drain, args=(self.proc.stdout, self._out), daemon=True),
                         threading.Thread(target=self._drain, args=(self.proc.stderr, self._err), daemon=True)]
        for t in self._threads:
            t.start()
        if data is not None:
            assert self.proc.stdin is not None
            try:
                self.proc.stdin.write(data)
            except BrokenPipeError:
                pass
            finally:
                self.proc.stdin.close()

    @staticmethod
    def _drain(stream: IO[bytes] | None, into: list[bytes]) -> None:
        assert stream is not None
        into.append(stream.read())
        stream.close()

    def finish(self) -> tuple[int, bytes, str]:
        """Wait for Git: its exit code, its output and its complaint."""
        for t in self._threads:
            t.join()
        code = self.proc.wait()
        return code, b"".join(self._out), b"".join(self._err).decode("utf-8", "replace")

    def output(self) -> bytes:
        code, out, err = self.finish()
        if code not in self.ok:
            raise _translate(err, self.cwd)
        return out


def _translate(stderr: str, cwd: Path) -> GitError:
    """Turn Git's English complaint into a Swedish one; keep Git's own words last for the curious."""
    detail = " ".join(line.strip() for line in stderr.strip().splitlines()[:2])
    if "not a git repository" in stderr:
        return NotARepository(f"'{cwd}' ligger inte i ett Git-repo, så det finns ingen historik att läsa.")
    if "dubious ownership" in stderr:
        return GitError(f"Git vägrar läsa repot eftersom mappen ägs av en annan användare. Godkänn den med "
                        f"'git config --global --add safe.directory {cwd}'.")
    return GitError(f"Git-kommandot misslyckades: {detail}")


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8", "surrogateescape")
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# --- finding the repository ------------------------------------------------------------------------------------


def _is_git_dir(path: Path) -> bool:
    """What Git itself checks before it takes a folder for a repository: HEAD, objects and refs."""
    try:
        return (path / "HEAD").is_file() and ((path / "objects").is_dir() or (path / "commondir").is_file()) \
            and (path / "refs").is_dir()
    except OSError:
        return False


def _ceilings() -> set[str]:
    raw = os.environ.get("GIT_CEILING_DIRECTORIES", "")
    return {os.path.realpath(p) for p in raw.split(os.pathsep) if p and os.path.isabs(p)}


def _discover(root: Path) -> tuple[str, str] | None:
    """(the `.git` of the nearest work tree holding `root`, that work tree), as Git would find it, but only by
    a `.git` entry: a folder that merely looks like a repository (HEAD, objects, refs, config) is never one."""
    here = Path(os.path.realpath(root))
    ceilings = _ceilings()
    for n, folder in enumerate((here, *here.parents)):
        if n and str(folder) in ceilings:
            return None
        dotgit = folder / ".git"
        try:
            if dotgit.is_file():
                with open(dotgit, "rb") as fh:
                    if fh.read(8) == b"gitdir: ":  # a linked work tree or a submodule
                        return str(dotgit), str(folder)
            elif dotgit.is_dir() and _is_git_dir(dotgit):
                return str(dotgit), str(folder)
        except OSError:
            continue
    return None


def open_repo(root: Path) -> GitRepo:
    """The Git work tree that holds `root`, pinned: every later call names its `.git` and work tree. Raises
    NotARepository with a Swedish message. A bare repository is read only when asked for with GIT_DIR."""
    if not root.is_dir():
        raise NotARepository(f"'{root}' är ingen mapp.")
    explicit = os.environ.get("GIT_DIR")
    if explicit:
        return _open_explicit(root, explicit)
    found = _discover(root)
    if found is None:
        if _is_git_dir(root):
            raise NotARepository(f"'{root}' är ett Git-repo utan arbetskopia (ett bart repo). styr läser ett sådant "
                                 "bara när du anger det uttryckligen, t.ex. 'GIT_DIR=. styr validate --rev main .'.")
        raise NotARepository(f"'{root}' ligger inte i ett Git-repo, så det finns ingen historik att läsa.")
    git_dir, work_tree = found
    probe = GitRepo(Path(work_tree), "", frozenset(), git_dir, work_tree)
    pinned = replace(probe, guards=_guards(probe))
    out = _Running(pinned, ["rev-parse", "--show-toplevel", "--show-prefix", "--git-common-dir",
                            "--is-shallow-repository"], cwd=root).output()
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 4 or not lines[0]:
        raise NotARepository(f"'{root}' ligger inte i en Git-arbetskopia.")
    return _described(pinned, root, lines[1], lines[2], lines[3])


def _open_explicit(root: Path, git_dir: str) -> GitRepo:
    """GIT_DIR (and GIT_WORK_TREE) set by the user or by Git for a hook: that repository, as Git would use it."""
    git_dir = os.path.abspath(git_dir)
    work_tree = os.environ.get("GIT_WORK_TREE")
    probe = GitRepo(root, "", frozenset(), git_dir, os.path.abspath(work_tree) if work_tree else None)
    pinned = replace(probe, guards=_guards(probe))
    out = _Running(pinned, ["rev-parse", "--is-bare-repository", "--git-common-dir", "--is-shallow-repository"],
                   cwd=root).output()
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 3:
        raise NotARepository(f"GIT_DIR={git_dir} är inget Git-repo.")
    if lines[0].strip() == "true":  # a bare repository: its objects only, no work tree
        return _described(replace(pinned, work_tree=None, top=Path(git_dir)), Path(git_dir), "", lines[1], lines[2])
    out = _Running(pinned, ["rev-parse", "--show-toplevel", "--show-prefix"], cwd=root).output()
    top, prefix = [*out.decode("utf-8", "surrogateescape").split("\n"), "", ""][:2]
    return _described(replace(pinned, top=Path(top), work_tree=top), root, prefix, lines[1], lines[2])


def _described(repo: GitRepo, root: Path, prefix: str, common: str, shallow: str) -> GitRepo:
    boundary: frozenset[str] = frozenset()
    if shallow.strip() == "true":
        shallow_file = Path(common) / "shallow" if os.path.isabs(common) else root / common / "shallow"
        try:
            boundary = frozenset(s for s in shallow_file.read_text(encoding="ascii").split() if s)
        except OSError:
            boundary = frozenset({"?"})  # shallow, but the boundary is unknown: still say so
    prefix = unicodedata.normalize("NFC", prefix) if not prefix.isascii() else prefix
    return replace(repo, prefix=prefix, shallow=boundary)


def _guards(repo: GitRepo) -> tuple[tuple[str, str], ...]:
    """The driver switches for this repository: its configuration, includes followed, is listed once."""
    out = _Running(repo, ["config", "--list", "--name-only", "-z"], ok=(0, 1)).output()
    return tuple(_driver_overrides(_text(k) for k in out.split(b"\x00") if k))


def head(repo: GitRepo) -> str | None:
    """The commit HEAD points at, or None in a repository without commits."""
    out = _git(repo, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], ok=(0, 1))
    sha = out.decode().strip()
    return sha or None


def branch(repo: GitRepo) -> str | None:
    """The checked-out branch, or None for a detached HEAD."""
    out = _git(repo, ["symbolic-ref", "--quiet", "--short", "HEAD"], ok=(0, 1))
    return _text(out).strip() or None


_ERE_SPECIAL = re.compile(r"[][.*+?(){}|^$\\]")


def resolve(repo: GitRepo, rev: str) -> str:
    """The full id of the commit `rev` names (a branch, tag, sha, `HEAD~2` …). Swedish errors. Every other
    function takes what this returns, so no user text reaches Git's option parser (and no
    `--end-of-options` is needed, which Git before 2.24 does not know)."""
    rev = rev.strip()
    if not rev or rev.startswith("-"):
        raise BadRevision(f"'{rev}' är ingen giltig Git-revision.")
    out = _git(repo, ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], ok=(0, 1))
    sha = out.decode().strip()
    if sha:
        return sha
    if rev in ("HEAD", "@") and head(repo) is None:
        raise NoCommits("Git-repot har inga commits ännu, så det finns ingen historik att läsa.")
    hint = ""
    if repo.is_shallow:
        hint = (" Repot är en grund klon: hämta mer historik, t.ex. 'git fetch --unshallow' eller "
                "GIT_DEPTH: 0 i GitLab CI.")
    elif "/" in rev and not rev.startswith("beslut/"):
        hint = f" Har grenen hämtats? Prova 'git fetch {rev.split('/', 1)[0]}'."
    raise BadRevision(f"Okänd Git-revision '{rev}'.{hint}")


def merge_base(repo: GitRepo, a: str, b: str) -> str:
    out = _git(repo, ["merge-base", a, b], ok=(0, 1)).decode().strip()
    if not out:
        raise BadRevision(f"'{a}' och '{b}' har ingen gemensam historik (grund klon?).")
    return out


# Options that keep log and diff from running anything a configuration or the environment names.
_DIFF_SAFE = ("--no-ext-diff", "--no-textconv", "--ignore-submodules=all", "--no-color", f"-O{os.devnull}")
_LOG_SAFE = (*_DIFF_SAFE, "--no-show-signature", "--no-mailmap", "--no-decorate")


# --- the log ---------------------------------------------------------------------------------------------------


def log(repo: GitRepo, rev: str, *, renames: bool = True) -> list[LogRecord]:
    """Every commit reachable from `rev`, newest first, with the files each changed and their blob ids:
    one `git log --raw` call."""
    return start_log(repo, rev, renames=renames)()


def start_log(repo: GitRepo, rev: str, *, renames: bool = True) -> Callable[[], list[LogRecord]]:
    """`log`, started now and collected when the returned function is called (work can go on meanwhile)."""
    args = ["log", *_LOG_SAFE, "-z", _FORMAT, "--raw", "--no-abbrev", "-M" if renames else "--no-renames",
            rev, "--"]
    running = _Running(repo, [*args, repo.prefix] if repo.prefix else args)
    return lambda: [LogRecord(commit, rest) for commit, rest in _commits(running.output())]


def start_last_touches(repo: GitRepo, rev: str) -> Callable[[], tuple[list[Commit], dict[str, int]]]:
    """The commits reachable from `rev`, newest first, and for every path (relative to the top) the index of
    the newest commit that changed it: one `git log --name-only` pass, each name decoded once. Started now,
    collected when the returned function is called."""
    args = ["log", *_LOG_SAFE, "-z", _FORMAT, "--name-only", "--no-renames", rev, "--"]
    running = _Running(repo, [*args, repo.prefix] if repo.prefix else args)
    return lambda: _touches(running.output())


def _touches(out: bytes) -> tuple[list[Commit], dict[str, int]]:
    commits: list[Commit] = []
    newest: dict[bytes, int] = {}
    for n, (commit, rest) in enumerate(_commits(out)):
        commits.append(commit)
        for name in rest.lstrip(b"\n").split(b"\x00"):
            if name not in newest:
                newest[name] = n
    newest.pop(b"", None)
    return commits, {_text(name): n for name, n in newest.items()}


def _commits(out: bytes) -> list[tuple[Commit, bytes]]:
    found: list[tuple[Commit, bytes]] = []
    for chunk in out.split(_SEP)[1:]:
        header, _, rest = chunk.partition(b"\x00")
        f = header.split(_FIELD, 5)
        sha = f[0].decode()
        commit = Commit(sha, sha[:SHORT], _text(f[1]), _text(f[2]), datetime.fromisoformat(f[3].decode()),
                        _text(f[5]).strip(), tuple(f[4].decode().split()))
        found.append((commit, rest))
    return found


def _parse_raw(rest: bytes, probes: tuple[bytes, ...] = ()) -> list[FileChange]:
    """`:old_mode new_mode old_sha new_sha STATUS\\0path\\0[path2\\0]` repeated (the -z raw format).
    With `probes`, only the entries with a path containing one of them."""
    changes: list[FileChange] = []
    tokens = rest.split(b"\x00")
    i, n = 0, len(tokens)
    while i < n:
        meta = tokens[i].lstrip(b"\n")
        i += 1
        if not meta.startswith(b":"):
            continue
        two = meta[meta.rfind(b" ") + 1:][:1] in (b"R", b"C")
        raw_paths = tokens[i:i + 2] if two else tokens[i:i + 1]
        i += len(raw_paths)
        if probes and not any(p in raw for p in probes for raw in raw_paths):
            continue
        parts = meta[1:].split(b" ")
        if len(parts) < 5:
            continue
        old_mode, new_mode, old_sha, new_sha, status = (p.decode() for p in parts[:5])
        letter = status[0]
        if letter in "RC":
            old_path, new_path = _text(raw_paths[0]), _text(raw_paths[1])
        else:
            old_path = new_path = _text(raw_paths[0])
        # submodules (160000) and symlinks (120000) hold no goal documents
        if old_mode in ("160000", "120000") or new_mode in ("160000", "120000"):
            continue
        changes.append(FileChange(
            letter,
            None if letter == "A" else old_path,
            None if letter == "D" else new_path,
            None if old_sha == ZERO else old_sha,
            None if new_sha == ZERO else new_sha,
        ))
    return changes


def diff(repo: GitRepo, old: str, new: str | None, *, renames: bool = False) -> list[FileChange]:
    """Files that differ between two commits, or between a commit and the working tree (`new` None).
    Working-tree files come back with `new_blob` None: read them from disk."""
    args = ["diff", *_DIFF_SAFE, "-z", "--raw", "--no-abbrev", "-M" if renames else "--no-renames", old]
    if new is not None:
        args.append(new)
    args.append("--")
    if repo.prefix:
        args.append(repo.prefix)
    return _parse_raw(_git(repo, args))


def tracked(repo: GitRepo) -> list[str]:
    """The files Git knows in the goal repository (the index), relative to the top: one `git ls-files`."""
    args = ["ls-files", "-z", "--full-name", "--"]
    out = _git(repo, [*args, repo.prefix] if repo.prefix else args)
    return [_text(p) for p in out.split(b"\x00") if p]


def untracked(repo: GitRepo) -> list[str]:
    """New files in the working tree that Git does not know yet (ignored files left out)."""
    args = ["ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--"]
    out = _git(repo, [*args, repo.prefix] if repo.prefix else args)
    return [_text(p) for p in out.split(b"\x00") if p]


def dirty(repo: GitRepo) -> bool:
    """True when the goal repository has changes that are not committed (untracked files included)."""
    args = ["status", "--porcelain", "-z", "--ignore-submodules=all", "--"]
    return bool(_git(repo, [*args, repo.prefix] if repo.prefix else args).strip(b"\x00"))


def valid_tag_name(repo: GitRepo, name: str) -> bool:
    try:
        _git(repo, ["check-ref-format", f"refs/tags/{name}"])
    except GitError:
        return False
    return True


# --- trees and blobs -------------------------------------------------------------------------------------------


REGULAR_MODES = ("100644", "100755")
LINK_MODE = "120000"


def ls_tree(repo: GitRepo, commit: str) -> list[tuple[str, str, str]]:
    """(path relative to the work tree's top, mode, blob id) of every file and symbolic link in a commit,
    under the prefix. A link's blob holds where it points; a reader must not take it for the file."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit, "--"]
    out = _git(repo, [*args, repo.prefix] if repo.prefix else args)
    files: list[tuple[str, str, str]] = []
    for entry in out.split(b"\x00"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, sha = meta.split(b" ")
        if kind == b"blob":
            files.append((_text(path), mode.decode(), sha.decode()))
    return files


def _batch(repo: GitRepo, option: str, names: Iterable[str]) -> tuple[list[str], bytes]:
    # One name a line: a name with a line break cannot be asked for, so it is left out (as missing).
    wanted = [n for n in dict.fromkeys(names) if "\n" not in n and "\r" not in n]
    if not wanted:
        return [], b""
    return wanted, _git(repo, ["cat-file", option], data="\n".join(wanted).encode("utf-8", "surrogateescape") + b"\n")


def blob_sizes(repo: GitRepo, names: Iterable[str]) -> dict[str, int]:
    """The size of each object named (missing ones left out): one `git cat-file --batch-check`."""
    wanted, out = _batch(repo, "--batch-check", names)
    sizes: dict[str, int] = {}
    for name, line in zip(wanted, out.split(b"\n"), strict=False):
        header = line.split(b" ")
        if len(header) == 3 and header[1] == b"blob":
            sizes[name] = int(header[2])
    return sizes


def read_blobs(repo: GitRepo, names: Iterable[str]) -> dict[str, bytes]:
    """Contents of many objects in one `git cat-file --batch` call. `names` are blob ids or `rev:path`;
    missing objects are left out of the result."""
    wanted, out = _batch(repo, "--batch", names)
    result: dict[str, bytes] = {}
    pos = 0
    for name in wanted:
        end = out.find(b"\n", pos)
        if end < 0:
            break
        header = out[pos:end].split(b" ")
        pos = end + 1
        if len(header) == 3 and header[1] != b"missing":
            size = int(header[2])
            if header[1] == b"blob":
                result[name] = out[pos:pos + size]
            pos += size + 1
    return result


def grep_ids(repo: GitRepo, commit: str | None, item: str | None = None, globs: Sequence[str] = (),
             untracked: bool = False) -> list[tuple[str, str]]:
    """(path, raw value) of the top-level `id:` lines of the YAML files in a commit, or in the working tree
    (`commit` None: plain files, no objects to inflate, so several times faster; `untracked` adds new files,
    at the price of walking every folder). With `item`, only the lines that name that id; with `globs`
    (relative to the goal repository), only those files. One `git grep`."""
    pattern = "^id:"
    if item is not None:
        escaped = _ERE_SPECIAL.sub(r"\\\g<0>", item)
        pattern = f"^id:[[:space:]]*[\"']?{escaped}[\"']?[[:space:]]*(#.*)?$"
    where = [commit] if commit else ["--untracked"] if untracked else []
    args = ["grep", "-I", "-z", "--full-name", "-H", "-E", "-e", pattern, *where, "--"]
    specs = [repo.prefix + g for g in globs] if globs else [f"{repo.prefix}*.yaml", f"{repo.prefix}*.yml"]
    out = _git(repo, [*args, *specs], ok=(0, 1))
    found: list[tuple[str, str]] = []
    prefix = f"{commit}:".encode() if commit else b""
    for line in out.split(b"\n"):
        if not line:
            continue
        path, _, rest = line.partition(b"\x00")
        value = rest.split(b":", 1)[1] if b":" in rest else b""
        found.append((_text(path.removeprefix(prefix)), _text(value)))
    return found


# --- tags ------------------------------------------------------------------------------------------------------


def tags(repo: GitRepo, prefix: str) -> list[TagRecord]:
    """Tags under refs/tags/<prefix>, with the commit each points at: one `git for-each-ref` call."""
    fmt = "%(refname:strip=2)%1f%(*objectname)%1f%(objectname)%1f%(taggername)%1f%(taggerdate:iso-strict)%1f" \
          "%(contents)%1e"
    out = _git(repo, ["for-each-ref", f"--format={fmt}", f"refs/tags/{prefix}"])
    found: list[TagRecord] = []
    for raw in out.split(b"\x1e"):
        record = raw.lstrip(b"\n")
        if not record:
            continue
        name, peeled, target, tagger, when, message = (record.split(b"\x1f", 5) + [b""] * 6)[:6]
        commit = (peeled or target).decode()
        date = datetime.fromisoformat(when.decode()) if when else None
        found.append(TagRecord(_text(name), commit, _text(message).strip(), _text(tagger), date))
    return found


def create_tag(repo: GitRepo, name: str, commit: str, message: str) -> None:
    """Write an annotated tag. The user's own Git configuration is read (the tagger's name and e-mail live
    there), under the same inert settings as every read: no hook, no signing program."""
    if name in {t.name for t in tags(repo, name)}:
        raise GitError(f"Taggen '{name}' finns redan.")
    code, _, stderr = _Running(repo, ["tag", "--annotate", "--file=-", name, commit], data=message.encode("utf-8"),
                               user_config=True).finish()
    if code == 0:
        return
    low = stderr.lower()
    if "user.email" in stderr or "identity" in low or "tell me who you are" in low or "empty ident" in low:
        raise GitError("Git vet inte vem du är: ange 'git config user.name' och 'git config user.email'.")
    if "already exists" in low:
        raise GitError(f"Taggen '{name}' finns redan.")
    raise GitError(f"Taggen kunde inte skapas: {stderr.strip()}")
