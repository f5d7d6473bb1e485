"""History of items from one pass over `git log`: the commits that changed a goal, indicator, activity or
unit (`styr log ID`), and when every item last changed (for reports)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from styr.frozen import frozen
from styr.history import gitio
from styr.history.changes import ValueChange, diff_docs, doc_id, indicator_of
from styr.load.yamlio import parse_yaml

if TYPE_CHECKING:
    from styr.model.repository import Repository

_CONTENT = {"mål": "mål", "aktiviteter": "aktivitet", "verksamhetsplan": "avsnitt"}
_YAML = (".yaml", ".yml")
_ROOT_FILES = {"styrmodell.yaml": "styrmodell", "vision.yaml": "vision"}
# Windows: no newline translation. Never through a link (it may lead out of the repository), never waiting
# for a FIFO's writer.
_O_BINARY = getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_ID_VALUE = re.compile(r"""^\s*(["']?)(.*?)\1\s*(?:#.*)?$""")


# --- paths -------------------------------------------------------------------------------------------------------


def item_kind(rel: str) -> str | None:
    """What a file holds, by its place (docs/format.md): mål, aktivitet, enhet, avsnitt, styrmodell, vision."""
    # string searches rather than split(): this runs for every path of a long history
    if rel.startswith((".", "_")) or "/." in rel or "/_" in rel:
        return None
    slash = rel.rfind("/")
    if slash < 0:
        return _ROOT_FILES.get(rel)
    name = rel[slash + 1:]
    if name == "styrkort.yaml":
        return "enhet"
    above = rel.rfind("/", 0, slash)
    kind = _CONTENT.get(rel[above + 1:slash]) if above >= 0 else None
    if kind == "avsnitt":
        return kind if name.endswith(".md") else None
    return kind if kind and name.endswith(_YAML) else None


def unit_folder(rel: str) -> str | None:
    """The folder of the unit a file belongs to, or None for the files at the root."""
    kind = item_kind(rel)
    if kind == "enhet":
        return rel[:rel.rfind("/")]
    if kind in ("mål", "aktivitet", "avsnitt"):
        return rel[:rel.rfind("/", 0, rel.rfind("/"))]
    return None


def clean_id(raw: str) -> str:
    """The value of an `id:` line as written: without quotes, comment and surrounding space."""
    m = _ID_VALUE.match(raw)
    return m.group(2).strip() if m else raw.strip()


def parse_doc(data: bytes | None) -> dict[str, Any] | None:
    """A YAML document as a mapping, or None when absent or unreadable (history shows what it can)."""
    if data is None:
        return None
    return parse_yaml(data).doc


# --- last change of every item -------------------------------------------------------------------------------------


@frozen
class Change:
    """The commit that last changed an item: who, when, which commit, why."""

    sha: str
    short: str
    author: str
    email: str
    date: datetime
    message: str

    @staticmethod
    def of(commit: gitio.Commit) -> Change:
        return Change(commit.sha, commit.short, commit.author, commit.email, commit.date, commit.subject)


class LastChanges(dict[str, Change]):
    """Item id (goal, activity, unit) -> its last change. `reason` says, in Swedish, why some or all
    items have none (not a Git repository, no commits, a shallow clone); `by_path` is keyed by file."""

    def __init__(self, reason: str | None = None) -> None:
        super().__init__()
        self.reason = reason
        self.by_path: dict[str, Change] = {}


def last_changes(root: Path, model: Repository | None = None, rev: str | None = None) -> LastChanges:  # noqa: C901 — one pass over every file of the history, inlined because it is the hot loop
    """When every goal, activity and unit last changed, from one `git log --name-only` pass.

    A unit's last change is the newest change to any of its own files (styrkort.yaml, mål/, aktiviteter/,
    verksamhetsplan/), not those of its sub-units. A move counts as a change. With `model`, items are found
    by their files in it; without, by the `id:` lines in the working tree (one `git grep`). Never raises:
    problems end up in `reason`. In a shallow clone, items last changed before its first commit are left out.
    With `rev` (a report of `--rev REV`) the history ends at REV; pass the model read at REV."""
    try:
        repo = gitio.open_repo(root)
        head = gitio.resolve(repo, rev) if rev else gitio.head(repo)
        if head is None:
            return LastChanges("Git-repot har inga commits ännu, så ingen ändringshistorik kan visas.")
        pending = gitio.start_last_touches(repo, head)
        ids = _ids_by_path(repo, model, head if rev else None)  # while Git walks the history
        commits, newest = pending()
    except gitio.GitError as exc:
        return LastChanges(str(exc))
    changes = [None if c.sha in repo.shallow else Change.of(c) for c in commits]
    out = LastChanges()
    units: dict[str, Change] = {}
    cut = 0
    skip = len(repo.prefix)
    # `newest` lists paths newest change first, so the first file seen of a unit carries its last change
    for top_path, n in newest.items():
        if skip and not top_path.startswith(repo.prefix):
            continue
        rel = top_path[skip:]
        change = changes[n]
        if change is None:  # the clone's first commit shows every file as new: that is no real change
            cut += rel in ids
            continue
        out.by_path[rel] = change
        item = ids.get(rel)
        if item is not None and item not in out:
            out[item] = change
        # the unit folder, as unit_folder() finds it, inlined: this loop runs for every file of the history
        slash = rel.rfind("/")
        if rel.endswith("/styrkort.yaml"):
            folder = rel[:slash]
        else:
            above = rel.rfind("/", 0, slash)
            if above <= 0 or rel[above + 1:slash] not in _CONTENT:
                continue
            folder = rel[:above]
        if folder not in units:
            units[folder] = change
    for folder, change in units.items():
        uid = ids.get(f"{folder}/styrkort.yaml")
        if uid is not None:
            out[uid] = change
    if repo.is_shallow:
        out.reason = (f"Repot är en grund klon: historiken före den äldsta hämtade commiten saknas, så för "
                      f"{cut} poster är senaste ändringen okänd. Hämta hela historiken med 'git fetch --unshallow'.")
    return out


def _ids_by_path(repo: gitio.GitRepo, model: Repository | None, commit: str | None) -> dict[str, str]:
    if model is not None:
        ids = {g.path: g.id for g in model.goals}
        ids.update({a.path: a.id for a in model.activities})
        ids.update({u.path: u.id for u in model.units})
        return ids
    if commit is not None:  # the files as they were at a revision: ask Git
        return {rel: clean_id(raw) for top_path, raw in gitio.grep_ids(repo, commit)
                if (rel := repo.rel(top_path)) is not None and item_kind(rel) in ("mål", "aktivitet", "enhet")}
    paths = [rel for top_path in gitio.tracked(repo)
             if (rel := repo.rel(top_path)) is not None and item_kind(rel) in ("mål", "aktivitet", "enhet")]
    return _ids_from_files(repo.top / repo.prefix if repo.prefix else repo.top, paths)


_ID_LINE = re.compile(rb"(?:^|\n)id:([^\n]*)")


def _ids_from_files(root: Path, paths: list[str]) -> dict[str, str]:
    """The top-level `id:` of each file in the working tree, from its first bytes (the id is almost always
    the first line). Plain reads: much cheaper than parsing, or than asking Git to search every file."""
    out: dict[str, str] = {}
    base = str(root) + os.sep
    for rel in paths:
        try:
            fd = os.open(base + rel, os.O_RDONLY | _O_BINARY)
        except OSError:
            continue
        try:
            data = os.read(fd, 512)
            m = _ID_LINE.search(data)
            if m is None or data.find(b"\n", m.end()) < 0 <= len(data) - 512:
                data += os.read(fd, 64 * 1024)  # a long comment first, or a cut line: read on
                m = _ID_LINE.search(data)
        except OSError:  # a folder, or a FIFO with nothing to read
            continue
        finally:
            os.close(fd)
        if m is not None:
            out[rel] = clean_id(m.group(1).decode("utf-8", "replace"))
    return out


# --- the log of one item -------------------------------------------------------------------------------------


class ItemNotFound(gitio.GitError):
    """No goal, indicator, activity or unit with that id, now or in the history."""


@frozen
class LogEntry:
    """One commit in an item's history. `path` is the file after the commit (before it for 'borttagen')."""

    commit: gitio.Commit
    event: str
    """skapad, ändrad, flyttad, borttagen, or historikgräns (the first commit of a shallow clone)."""
    path: str | None
    old_path: str | None
    lines: tuple[str, ...]
    changes: tuple[ValueChange, ...] = ()


@frozen(slots=False)
class ItemLog:
    """What `styr log ID` shows: the item, its commits newest first, and what the history cannot show."""

    item_id: str
    kind: str
    """mål, indikator, aktivitet or enhet."""
    title: str
    path: str | None
    entries: tuple[LogEntry, ...]
    notes: tuple[str, ...] = ()
    total: int = 0


@dataclass
class _Event:
    commit: gitio.Commit
    status: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None
    boundary: bool = False

    @staticmethod
    def of(commit: gitio.Commit, fc: gitio.FileChange, boundary: bool) -> _Event:
        return _Event(commit, fc.status, fc.old_path, fc.new_path, fc.old_blob, fc.new_blob, boundary)


@dataclass
class _Track:
    """Follows one file (for a unit: its styrkort.yaml and folder) backwards through renames and moves."""

    kind: str
    target: str
    path: str | None
    """The file's name (relative to the Git top) after the commit being looked at; None before it existed."""
    searching: bool = False
    """Looking for an earlier life of the item: a deleted file with the same id."""
    events: list[list[_Event]] = field(default_factory=list)


def item_log(root: Path, item_id: str, limit: int | None = None) -> ItemLog:
    """The commits that changed an item, newest first, with value-level changes. `item_id` is a goal,
    `GOAL/INDICATOR`, an activity or a unit id. Raises gitio.GitError (Swedish) when it cannot."""
    repo = gitio.open_repo(root)
    head = gitio.head(repo)
    if head is None:
        raise gitio.NoCommits("Git-repot har inga commits ännu, så det finns ingen historik att visa.")
    wanted = item_id.strip()
    target, slash, indicator = wanted.partition("/")
    target, indicator = target.strip(), indicator.strip()
    if not target or (slash and not indicator):
        raise ItemNotFound(f"'{item_id}' är inget id. Skriv t.ex. BUN-M2, BUN-M2/I1, BUN-A4 eller BUN.")
    kinds = ("mål",) if indicator else ("mål", "aktivitet", "enhet")
    pending = gitio.start_log(repo, head, renames=True)
    located = _locate(repo, target)  # while Git walks the history
    records = pending()
    # where the item lives: the working tree first (plain files, fast); HEAD when it differs there
    track = _Track("", target, None)
    for where in (None, head):
        hits = [(p, k) for p, raw in (located if where is None else gitio.grep_ids(repo, where, target))
                if clean_id(raw) == target and (k := item_kind(repo.rel(p) or "") or "") in kinds]
        hits.sort(key=lambda h: kinds.index(h[1]))
        track = _Track(hits[0][1], target, hits[0][0]) if hits else _Track("", target, None, searching=True)
        head_path = repo.rel(track.path) if track.path else None
        _walk(repo, records, track, kinds)
        if track.events:
            break
    if not track.events and any(clean_id(raw) == target
                                for _, raw in gitio.grep_ids(repo, None, target, untracked=True)):
        raise ItemNotFound(f"'{target}' finns i arbetskopian men har ingen incheckad historik ännu: gör en commit "
                           "först.")
    if not track.events:
        from styr.suggest import did_you_mean

        hint = did_you_mean(target, [clean_id(raw) for _, raw in gitio.grep_ids(repo, None)], "")
        raise ItemNotFound(f"Hittade inget mål, ingen aktivitet eller enhet med id '{target}', varken nu eller "
                           f"i historiken.{' ' + hint if hint else ''}")
    return _build(repo, track, wanted, indicator or None, head_path, limit)


def _locate(repo: gitio.GitRepo, target: str) -> list[tuple[str, str]]:
    """The files in the working tree whose id is `target`. Ids usually start with their unit's id (BUN-M2 in
    BUN): look in the scorecards first, then in that unit's own folders, and only then in every file."""
    units = {clean_id(raw): path for path, raw in gitio.grep_ids(repo, None, globs=("*styrkort.yaml",))
             if path.endswith("/styrkort.yaml")}
    if target in units:
        return [(units[target], target)]
    parts = target.split("-")
    for n in range(len(parts) - 1, 0, -1):
        styrkort = units.get("-".join(parts[:n]))
        if styrkort is not None:
            folder = (repo.rel(styrkort) or "").removesuffix("styrkort.yaml")
            globs = [f"{folder}{sub}/*.{ext}" for sub in ("mål", "aktiviteter") for ext in ("yaml", "yml")]
            found = gitio.grep_ids(repo, None, target, globs)
            if found:
                return found
    return gitio.grep_ids(repo, None, target)


def _walk(repo: gitio.GitRepo, records: list[gitio.LogRecord], track: _Track, kinds: tuple[str, ...]) -> None:  # noqa: C901 — follows renames, deletions and re-additions in one walk of the log
    deleted: dict[str, str] | None = None  # blob of a deleted file -> its id, read the first time it is needed
    for rec in records:
        boundary = rec.commit.sha in repo.shallow
        group: list[_Event] = []
        if track.path is not None:
            folder = _own_folder(repo, track.path) if track.kind == "enhet" else None
            probe = repo.full(folder) + "/" if folder is not None else track.path
            following: str | None = track.path
            if rec.mentions(probe):
                for fc in rec.changes_touching(probe):
                    if fc.new_path == track.path:
                        group.insert(0, _Event.of(rec.commit, fc, boundary))
                        following = fc.old_path if fc.status == "R" else None if fc.status == "A" else track.path
                    elif folder is not None and (_belongs(repo, fc.new_path, folder)
                                                 or _belongs(repo, fc.old_path, folder)):
                        group.append(_Event.of(rec.commit, fc, boundary))
            track.path = following
            if following is None:
                track.searching = not boundary
        if track.searching and rec.deletes:
            # a file deleted here that had our id is the item's earlier life (a move Git did not pair up)
            if deleted is None:
                deleted = _deleted_ids(repo, records, kinds)
            for fc in rec.changes:
                if fc.status == "D" and fc.old_blob and deleted.get(fc.old_blob) == track.target:
                    track.kind = track.kind or item_kind(repo.rel(fc.old_path or "") or "") or ""
                    group.append(_Event.of(rec.commit, fc, boundary))
                    track.path, track.searching = fc.old_path, False
                    break
        if group:
            track.events.append(group)
        if track.path is None and not track.searching:
            break


def _own_folder(repo: gitio.GitRepo, styrkort: str) -> str | None:
    rel = repo.rel(styrkort)
    return unit_folder(rel) if rel is not None else None


def _belongs(repo: gitio.GitRepo, top_path: str | None, folder: str) -> bool:
    """True for a unit's own files: its styrkort.yaml and what lies in its mål/, aktiviteter/, verksamhetsplan/."""
    if top_path is None:
        return False
    rel = repo.rel(top_path)
    return rel is not None and unit_folder(rel) == folder


def _deleted_ids(repo: gitio.GitRepo, records: list[gitio.LogRecord], kinds: tuple[str, ...]) -> dict[str, str]:
    blobs = [fc.old_blob for rec in records if rec.deletes for fc in rec.changes
             if fc.status == "D" and fc.old_blob and item_kind(repo.rel(fc.old_path or "") or "") in kinds]
    out: dict[str, str] = {}
    for blob, data in gitio.read_blobs(repo, blobs).items():
        m = re.search(rb"^id:(.*)$", data, re.M)
        if m:
            out[blob] = clean_id(m.group(1).decode("utf-8", "replace"))
    return out


# --- from events to entries ------------------------------------------------------------------------------------


class _Docs:
    """Parsed documents by blob id, read in one batch."""

    def __init__(self, repo: gitio.GitRepo, blobs: Iterable[str | None]) -> None:
        self._data = gitio.read_blobs(repo, [b for b in blobs if b])
        self._docs: dict[str, Any] = {}

    def __call__(self, blob: str | None) -> Any:
        if blob is None:
            return None
        if blob not in self._docs:
            self._docs[blob] = parse_doc(self._data.get(blob))
        return self._docs[blob]


def _build(repo: gitio.GitRepo, track: _Track, wanted: str, indicator: str | None, head_path: str | None,
           limit: int | None) -> ItemLog:
    blobs = [b for group in track.events for e in group for b in (e.old_blob, e.new_blob)]
    newest = f"HEAD:{repo.full(head_path)}" if head_path else (track.events[0][0].old_blob or "")
    docs = _Docs(repo, [newest, *blobs])
    entries: list[LogEntry] = []
    notes: list[str] = []
    for group in track.events:
        entry = _unit_entry(repo, group, docs) if track.kind == "enhet" else _file_entry(repo, group, docs, indicator)
        if entry is not None:
            entries.append(entry)
        if any(e.boundary for e in group):
            c = group[0].commit
            notes.append(f"Repot är en grund klon: historiken före {c.date.date()} ({c.short}) saknas. "
                         "Hämta hela historiken med 'git fetch --unshallow'.")
    if indicator and not entries:
        raise ItemNotFound(f"Målet '{track.target}' har ingen indikator '{indicator}', varken nu eller i historiken.")
    total = len(entries)
    if limit is not None and limit >= 0:
        entries = entries[:limit]
    kind = "indikator" if indicator else track.kind
    return ItemLog(wanted, kind, _title(docs(newest), indicator), head_path, tuple(entries), tuple(notes), total)


def _title(doc: Any, indicator: str | None) -> str:
    """The goal's or activity's titel, the unit's or indicator's namn, as it reads now (or last did)."""
    if indicator:
        doc = indicator_of(doc, indicator)
    if isinstance(doc, Mapping):
        title = doc.get("titel") or doc.get("namn")
        if isinstance(title, str | int | float) and str(title).strip():
            return str(title).strip()
    return ""


def _file_entry(repo: gitio.GitRepo, group: list[_Event], docs: _Docs, indicator: str | None) -> LogEntry | None:  # noqa: C901 — one log entry: added, deleted, moved or changed, for a goal or an indicator
    # a goal or activity: one event, or two when a move was found as an addition plus a deletion
    newest, oldest = group[0], group[-1]
    old_path = oldest.old_path
    new_path = newest.new_path
    if newest.status == "D":
        event = "borttagen"
    elif oldest.status == "A":
        event = "historikgräns" if oldest.boundary else "skapad"
    elif old_path != new_path:
        event = "flyttad"
    else:
        event = "ändrad"
    before, after = docs(oldest.old_blob), docs(newest.new_blob)
    if indicator:
        before, after = indicator_of(before, indicator), indicator_of(after, indicator)
        if before is None and after is None:
            return None
        if before is None and event != "historikgräns":
            event = "skapad"
        elif after is None:
            event = "borttagen"
    changes = diff_docs(before, after) if event in ("ändrad", "flyttad") else []
    if indicator and event == "ändrad" and not changes:
        return None
    lines = [c.text() for c in changes]
    old_rel, new_rel = repo.rel(old_path or ""), repo.rel(new_path or "")
    if event == "flyttad":
        lines.insert(0, f"flyttad från {old_rel} till {new_rel}")
    elif event == "skapad":
        lines.insert(0, "tillagd i målet" if indicator and oldest.status != "A" else f"skapad i {new_rel}")
    elif event == "borttagen":
        lines.insert(0, "borttagen ur målet" if indicator and newest.status != "D" else f"borttagen ur {old_rel}")
    elif event == "historikgräns":
        lines.insert(0, "fanns redan i den äldsta hämtade commiten (grund klon)")
    elif not changes:
        lines.append("inga värden ändrade (bara formatering eller kommentarer)")
    return LogEntry(newest.commit, event, new_rel if new_path else old_rel, old_rel if old_path else None,
                    tuple(lines), tuple(changes))


def _unit_entry(repo: gitio.GitRepo, group: list[_Event], docs: _Docs) -> LogEntry:
    lines: list[str] = []
    event = "ändrad"
    for e in group:
        rel = repo.rel(e.new_path or e.old_path or "") or ""
        kind = item_kind(rel) or "fil"
        if kind == "avsnitt":
            lines.append(f"avsnitt {rel.rsplit('/', 1)[-1]}: "
                         + {"A": "nytt", "D": "borttaget"}.get(e.status, "texten ändrad"))
            continue
        before, after = docs(e.old_blob), docs(e.new_blob)
        if kind == "enhet":
            if e.status == "A":
                event = "historikgräns" if e.boundary else "skapad"
                lines.insert(0, "fanns redan i den äldsta hämtade commiten (grund klon)" if e.boundary
                             else f"styrkortet skapat i {rel}")
            elif e.status == "D":
                event = "borttagen"
                lines.insert(0, f"styrkortet borttaget ur {rel}")
            else:
                if e.old_path != e.new_path:
                    event = "flyttad"
                    lines.insert(0, f"flyttad från {repo.rel(e.old_path or '')} till {rel}")
                lines.extend(c.text() for c in diff_docs(before, after))
            continue
        label = f"{kind} {doc_id(after) or doc_id(before) or rel.rsplit('/', 1)[-1]}"
        if e.status == "A":
            lines.append(f"+ {label}{_titled(after)}")
        elif e.status == "D":
            lines.append(f"− {label}{_titled(before)}")
        else:
            if e.old_path != e.new_path:
                lines.append(f"{label}: flyttad från {repo.rel(e.old_path or '')} till {rel}")
            lines.extend(f"{label}: {c.text()}" for c in diff_docs(before, after))
    if not lines:
        lines.append("inga värden ändrade (bara formatering eller kommentarer)")
    head = group[0]
    return LogEntry(head.commit, event, repo.rel(head.new_path or head.old_path or ""), None, tuple(lines))


def _titled(d: Any) -> str:
    title = d.get("titel") if isinstance(d, Mapping) else None
    return f" ({title.strip()})" if isinstance(title, str) and title.strip() else ""
