"""Stage 1: find the repository's files, classify them, read and schema-check each one."""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from styr import parallel
from styr.load.problems import Problem, ProblemKind
from styr.load.schema_files import DocKind
from styr.load.schemas import check_document
from styr.load.source import Refused, Source, WorkTree, refusals, unreadable
from styr.load.yamlio import MAX_BYTES, MAX_TEXT, YList, YMap, parse_yaml


@dataclass(frozen=True, slots=True)
class LoadedDoc:
    path: str
    kind: DocKind
    doc: YMap
    unit_folder: str


@dataclass
class Loaded:
    """Everything read from a source, grouped by kind, plus the problems and each file's text."""

    files: list[str] = field(default_factory=list)
    docs: list[LoadedDoc] = field(default_factory=list)
    markdown: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unit_folders: list[str] = field(default_factory=list)
    orphan_folders: list[tuple[str, str]] = field(default_factory=list)
    """(folder, first file) for folders that hold mål/ or aktiviteter/ files but no styrkort.yaml."""

    @property
    def unread(self) -> list[str]:
        """The files left out because they could not be read (sorted): their content is missing."""
        return sorted({p.path for p in self.problems if p.unreadable})

    def source_line(self, path: str, line: int) -> str | None:
        text = self.texts.get(path)
        if text is None or line < 1:
            return None
        lines = text.splitlines()
        return lines[line - 1] if line <= len(lines) else None


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Loading builds millions of small objects that all live to the end; the cyclic collector would
    # rescan them again and again for nothing (measured: ~40 % of load time on 20,000 files).
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def classify(path: str) -> tuple[DocKind | None, str]:
    """Return the kind of a YAML file and the folder of the unit it belongs to ('' for the root files)."""
    parts = path.split("/")
    name = parts[-1]
    if len(parts) == 1:
        if name == "styrmodell.yaml":
            return DocKind.STYRMODELL, ""
        if name == "vision.yaml":
            return DocKind.VISION, ""
        return None, ""
    if name == "styrkort.yaml":
        return DocKind.STYRKORT, "/".join(parts[:-1])
    if len(parts) >= 3 and parts[-2] == "mål":
        return DocKind.MAL, "/".join(parts[:-2])
    if len(parts) >= 3 and parts[-2] == "aktiviteter":
        return DocKind.AKTIVITET, "/".join(parts[:-2])
    return None, "/".join(parts[:-1])


PARALLEL_FROM = 1000  # files; below this, starting a helper process costs more than it saves
_PIECE = 200  # files a process takes at a time: small enough to even out, large enough to send cheaply

_Item = tuple[str, DocKind | None, str]  # path, kind (None: Markdown), the unit's folder


def load(source: Source, max_bytes: int = MAX_BYTES, jobs: int | None = None) -> Loaded:
    """Read and schema-check every file. Never raises for bad content.

    A large working tree is read by several processes (`jobs`, default: STYR_JOBS or the cores); the
    result is the same as reading it in one."""
    out = Loaded()
    with _gc_paused():
        out.files = source.list_files()
        # Links that lead out, special files, unreadable folders …: found while listing, never read.
        out.problems.extend(Problem(r.kind, r.message, r.path, 1, 1, r.hint) for r in refusals(source))
        unit_set = {p[: -len("/styrkort.yaml")] for p in out.files if p.endswith("/styrkort.yaml")}
        out.unit_folders = sorted(unit_set)
        seen_orphans: set[str] = set()
        items: list[_Item] = []
        for path in out.files:
            if path.endswith(".md"):
                items.append((path, None, ""))
                continue
            kind, folder = classify(path)
            if kind is None:
                continue
            if kind in (DocKind.MAL, DocKind.AKTIVITET) and folder not in unit_set:
                if folder not in seen_orphans:
                    seen_orphans.add(folder)
                    out.orphan_folders.append((folder, path))
                continue
            items.append((path, kind, folder))
        if jobs is None:
            jobs = parallel.jobs_wanted()
        # Only a working tree may be read from forked processes: a Git revision is read through one pipe.
        if len(items) < PARALLEL_FROM or not isinstance(source, WorkTree):
            jobs = 1
        pieces = [items[i:i + _PIECE] for i in range(0, len(items), _PIECE)]
        for part in parallel.map_shared(functools.partial(_read_items, source, max_bytes), pieces, jobs):
            out.docs.extend(part.docs)
            out.markdown.update(part.markdown)
            out.texts.update(part.texts)
            out.problems.extend(part.problems)
    return out


def _read_items(source: Source, max_bytes: int, items: list[_Item]) -> Loaded:
    part = Loaded()
    for path, kind, folder in items:
        if kind is None:
            _read_markdown(source, path, part, max_bytes)
        else:
            _read_yaml(source, path, kind, folder, part, max_bytes)
    return part


def _read_bytes(source: Source, path: str, out: Loaded) -> bytes | None:
    try:
        return source.read_bytes(path)
    except OSError as exc:
        r = exc.refusal if isinstance(exc, Refused) else unreadable(path, exc, folder=False)
        out.problems.append(Problem(r.kind, r.message, path, 1, 1, r.hint))
        return None


def _read_markdown(source: Source, path: str, out: Loaded, max_bytes: int) -> None:
    data = _read_bytes(source, path, out)
    if data is None:
        return
    if len(data) > max_bytes:
        out.problems.append(Problem(ProblemKind.TOO_LARGE, f"Filen är större än gränsen {max_bytes // 1024} KiB.",
                                    path, 1, 1, "Korta texten eller dela upp den i flera avsnitt."))
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        out.problems.append(Problem(ProblemKind.NOT_UTF8, "Filen är inte giltig UTF-8.", path, line, 1,
                                    "Spara filen som UTF-8 i din editor."))
        return
    out.markdown[path] = text.removeprefix("\ufeff")
    out.texts[path] = out.markdown[path]
    if len(out.markdown[path]) > MAX_TEXT:
        out.problems.append(_long_text(path, (1, 1), len(out.markdown[path])))


def _read_yaml(source: Source, path: str, kind: DocKind, folder: str, out: Loaded, max_bytes: int) -> None:
    data = _read_bytes(source, path, out)
    if data is None:
        return
    parsed = parse_yaml(data, max_bytes)
    out.texts[path] = parsed.text
    for p in parsed.problems:
        out.problems.append(Problem(p.kind, p.message, path, p.line, p.column, p.hint))
    if parsed.doc is None:
        return
    if len(parsed.text) > MAX_TEXT:  # only a file longer than the limit can hold a text longer than it
        out.problems.extend(_long_text(path, pos, n) for pos, n in _long_strings(parsed.doc, parsed.doc.pos))
    for sp in check_document(kind, parsed.doc):
        line, col = locate(parsed.doc, sp.path, sp.key_problem)
        out.problems.append(Problem(sp.kind, sp.message, path, line, col, sp.hint))
    out.docs.append(LoadedDoc(path, kind, parsed.doc, folder))


def _long_text(path: str, pos: tuple[int, int], length: int) -> Problem:
    return Problem(ProblemKind.LONG_TEXT, f"Texten är {length} tecken lång; en rapport visar högst {MAX_TEXT} "
                   "tecken och visar en anteckning i stället.", path, pos[0], pos[1],
                   "Korta texten, dela upp den, eller lägg en lång bilaga (till exempel en tabell) någon annanstans "
                   "och länka till den.")


def _long_strings(node: object, pos: tuple[int, int]) -> Iterator[tuple[tuple[int, int], int]]:
    """(position, length) of every text in a document longer than a report renders."""
    if isinstance(node, str):
        if len(node) > MAX_TEXT:
            yield pos, len(node)
    elif isinstance(node, YMap):
        for key, value in node.items():
            yield from _long_strings(value, node.where(key))
    elif isinstance(node, YList):
        for i, value in enumerate(node):
            yield from _long_strings(value, node.where(i))


def locate(doc: YMap, path: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
    """Line and column of the value (or, with `key`, the key) at `path` inside a document."""
    node: object = doc
    pos = doc.pos
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, YMap) and isinstance(step, str) and step in node:
            pos = node.where_key(step) if (last and key) else node.where(step)
            node = node[step]
        elif isinstance(node, YList) and isinstance(step, int) and 0 <= step < len(node):
            pos = node.where(step)
            node = node[step]
        else:
            break
    return pos
