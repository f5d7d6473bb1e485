"""Stage 1: find the repository's files, classify them, read and schema-check each one (through the parse cache)."""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from styr import parallel
from styr.load import cache
from styr.load.cache import CacheDamaged, Entry, Memos, Store
from styr.load.loaded import Derive, Loaded, LoadedDoc
from styr.load.problems import Problem, ProblemKind
from styr.load.reading import Item, Read, locate, read_items
from styr.load.schema_files import DocKind
from styr.load.source import Source, WorkTree, refusals
from styr.load.yamlio import MAX_BYTES, YMap

__all__ = ["Loaded", "LoadedDoc", "Survey", "classify", "load", "locate", "long_lived", "survey"]


@contextmanager
def long_lived() -> Iterator[None]:
    """Around reading and modelling a repository that is kept to the end of the command: the cyclic collector is
    paused while it is built, and everything built is then frozen (gc.freeze) so that no later collection scans
    those millions of objects again (measured: 2 s of 7 on 20,000 files). Objects frozen by an earlier run in the
    same process (the tests run many) are first handed back to the collector, so they are not kept for ever."""
    gc.unfreeze()
    with _gc_paused():
        yield
        gc.freeze()


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


PARALLEL_FROM = 1000  # files to parse; below this, starting a helper process costs more than it saves
_PIECE = 200  # files a process takes at a time: small enough to even out, large enough to send cheaply


def load(source: Source, max_bytes: int = MAX_BYTES, jobs: int | None = None, *, cache: bool | None = None) -> Loaded:
    """Read and schema-check every file. Never raises for bad content.

    A working tree's files are looked up in the parse cache first (styr.load.cache; `cache` False, or
    STYR_CACHE=0, reads everything), and what is left is read by several processes when there is much of it
    (`jobs`, default: STYR_JOBS or the cores). The result is the same as reading every file in one process."""
    return survey(source, max_bytes, cache=cache).load(jobs)


def survey(source: Source, max_bytes: int = MAX_BYTES, *, cache: bool | None = None) -> Survey:
    """List a source's files and look each one up in the parse cache, reading nothing else yet."""
    out = Loaded()
    with _gc_paused():
        now = time.time_ns()  # before anything is read: a file changed after this is not "settled" (see cache)
        out.files = source.list_files()
        # Links that lead out, special files, unreadable folders …: found while listing, never read.
        out.problems.extend(Problem(r.kind, r.message, r.path, 1, 1, r.hint) for r in refusals(source))
        items = _items(out)
        tree = source if isinstance(source, WorkTree) else None
        store = _open_store(tree, max_bytes, cache)
        found: list[Read | Entry | None] = [None] * len(items)
        if store is not None and tree is not None:
            for i, (path, _, _) in enumerate(items):
                found[i] = _cached(store, tree, path, now)
    return Survey(source, max_bytes, now, out, items, found, store, tuple(out.problems))


@dataclass
class Survey:
    """A source's files, listed and looked up in the parse cache: what `load` still has to read. When every file
    was found in the cache, `fingerprint` identifies the whole input, so that a caller can recognise a repository
    it has checked before without reading it (styr.app remembers a validation's findings under it)."""

    source: Source
    max_bytes: int
    now: int
    loaded: Loaded
    items: list[Item]
    found: list[Read | Entry | None]
    store: Store | None
    refused: tuple[Problem, ...] = ()
    """What listing refused (before anything was read): with the files and their digests, the whole input."""
    models: Store | None = None
    """The models kept beside the cache, while `load` has them to be kept again (see `keep_models`)."""

    @property
    def fingerprint(self) -> bytes | None:
        """A digest of every file's name and content and of what listing refused; None while any file is unread."""
        shas = [f.sha if f is not None else None for f in self.found]
        return _fingerprint(self.loaded.files, self.refused, self.items, shas)

    def differing(self, shas: Mapping[str, bytes]) -> list[Item]:
        """The files the cache does not hold as they are now, and those it holds with a digest other than the one
        `shas` names for them (read again by another command since then)."""
        return [item for item, hit in zip(self.items, self.found, strict=True)
                if hit is None or (hit.sha is not None and shas.get(item[0], hit.sha) != hit.sha)]

    def fingerprint_with(self, shas: dict[str, bytes]) -> bytes | None:
        """`fingerprint` as it would be if the files of `shas` had those digests (None when a file the cache does not
        hold has none there): equal to an earlier run's fingerprint when every other file is as it was then."""
        found = [shas.get(path, f.sha if f is not None else None)
                 for (path, _, _), f in zip(self.items, self.found, strict=True)]
        return _fingerprint(self.loaded.files, self.refused, self.items, found)

    def earlier_document(self, path: str, sha: bytes) -> LoadedDoc | None:
        """The document the parse cache holds for `path` when it was read from bytes with the digest `sha`
        (before `load` replaces it), else None."""
        entry = self.store.earlier(path, sha) if self.store is not None else None
        if entry is None or self.store is None:
            return None
        kind, folder = classify(path)
        try:
            blob = self.store.blob(entry)
            doc = cache.decode(blob) if blob is not None else None
        except Exception:  # damaged: as if there were none (the pack's index is authenticated, the pickle checked)
            return None
        return LoadedDoc(path, kind, doc, folder) if kind is not None and isinstance(doc, YMap) else None

    def listing(self) -> Loaded:
        """The files as listed, with their digests where the cache knows them, and no documents: enough to show a
        finding's line (read again, and only when the file is unchanged) without loading anything."""
        out = self.loaded
        for (path, _, _), hit in zip(self.items, self.found, strict=True):
            if hit is not None and hit.sha is not None:
                out.digests[path] = hit.sha
        if isinstance(self.source, WorkTree):
            out.reader = self.source.read_bytes
        return out

    @property
    def memos(self) -> Memos | None:
        """Where values are remembered beside the cache (None without one)."""
        return self.store.memos if self.store is not None else None

    def recall(self, name: str, suffix: str = ".memo") -> object:
        """What was remembered under `name` beside the cache (None without a cache; see Memos.recall)."""
        memos = self.memos
        return memos.recall(name, suffix) if memos is not None else None

    def remember(self, name: str, value: object, suffix: str = ".memo") -> None:
        memos = self.memos
        if memos is not None:
            memos.remember(name, value, suffix=suffix)

    def load(self, jobs: int | None = None, derive: Derive | None = None, *,
             classes: Mapping[str, type] | None = None, keep: bool = False) -> Loaded:
        """Read what the cache does not hold (sharing the work between processes when there is much of it) and
        decode the rest. The cache is written back when anything changed. `derive`: the caller builds the model with
        it; each document read is modelled where it is read (see `read_items`) and kept only pickled, for the cache,
        or not at all: the repository never lies in memory whole as documents. A survey is loaded once: what was
        read is handed on to the result, and the survey keeps only each file's digest (for its fingerprint).
        `classes` (with `derive`: the classes its models are made of): a file whose model the cache keeps, made
        from its bytes as they are, is not modelled again (cache.open_models). `keep`: the caller keeps the models
        of this run for the next one with `keep_models` once the model is built."""
        out, found, store = self.loaded, self.found, self.store
        with _gc_paused():
            models = cache.open_models(store) if store is not None and derive is not None and classes else None
            for i, hit in enumerate(found):
                if isinstance(hit, Entry) and store is not None:
                    made = None
                    if models is not None and classes:
                        made = _kept_model(models, self.items[i][0], hit, classes)
                    try:
                        blob = store.blob(hit) if made is None else None
                        found[i] = Read(hit.found, None, blob, (), hit.key, hit.sha, hit.settled, made=made)
                    except CacheDamaged:
                        found[i] = None
            if models is not None and keep:
                self.models, out.modelled = models, {}
            elif models is not None:
                models.close()
            todo = [(i, self.items[i]) for i, hit in enumerate(found) if hit is None]
            tree = self.source if isinstance(self.source, WorkTree) else None
            jobs = parallel.jobs_wanted() if jobs is None else jobs
            # Only a working tree may be read from forked processes: a Git revision is read through one pipe.
            if len(todo) < PARALLEL_FROM or tree is None:
                jobs = 1
            pieces = [todo[i:i + _PIECE] for i in range(0, len(todo), _PIECE)]
            # Filling the cache, the documents are pickled anyway: a helper sends its pickles, and only this process
            # models what it reads itself (a model sent back would cost a second pickle).
            reader = functools.partial(read_items, self.source, self.max_bytes, self.now, derive=derive,
                                       modelled_in=None if store is None else os.getpid())
            for part in parallel.map_shared(reader, pieces, jobs):
                for i, read in part:
                    found[i] = read
            _collect(out, self.items, found, store)
            # The same as `fingerprint` before reading: what reading found is not part of the input.
            out.fingerprint = _fingerprint(out.files, self.refused, self.items,
                                           [out.digests.get(path) for path, _, _ in self.items])
            if tree is not None:
                out.reader = tree.read_bytes
            if store is not None:
                store.save()
                store.release()  # its new pickles are in `out` too: they go as the model is built from them
        return out

    def keep_models(self, loaded: Loaded) -> None:
        """Keep what the model made of each document (gathered while it was built from `loaded`) beside the cache,
        under its file's digest, for the next run's `load`. Only the files modelled anew are pickled."""
        models, made = self.models, loaded.modelled
        self.models, loaded.modelled = None, None
        if models is None or made is None:
            return
        with _gc_paused():
            for path, value in made.items():
                sha = loaded.digests.get(path)
                old = models.get(path)
                if sha is not None and (old is None or old.sha != sha):
                    # Keyed by the digest alone: the model of a file depends on its bytes (and path, and styr's code,
                    # which the file's header names), not on when it was read.
                    models.put(path, Entry(_NO_KEY, sha, False, None, cache.encode(value)))
            models.keep_only(loaded.digests)
            models.save()


_NO_KEY: cache.StatKey = (0, 0, 0, 0, 0)


def _kept_model(models: Store, path: str, hit: Entry, classes: Mapping[str, type]) -> object:
    """The model the cache keeps of `path` when it was made from the bytes the file holds now (`hit`), else None."""
    entry = models.get(path)
    if entry is None or entry.sha != hit.sha:
        return None
    try:
        blob = models.blob(entry)
        return cache.decode_model(blob, classes) if blob is not None else None
    except Exception:  # damaged, or not ours to understand: model the document instead
        return None


def _fingerprint(files: list[str], refused: tuple[Problem, ...], items: list[Item], shas: list[bytes | None]
                 ) -> bytes | None:
    if any(sha is None for sha in shas):
        return None
    h = hashlib.sha256(cache.code_fingerprint().encode())
    h.update("\0".join(files).encode("utf-8", "surrogateescape") + b"\1")
    for p in refused:
        h.update(repr((p.kind.value, p.message, p.path, p.line, p.column, p.hint)).encode("utf-8", "surrogateescape"))
    for (path, _, _), sha in zip(items, shas, strict=True):
        h.update(path.encode("utf-8", "surrogateescape") + b"\0" + (sha or b""))
    return h.digest()


def _items(out: Loaded) -> list[Item]:
    """The files to read, with their kind and unit; mål and aktiviteter of a folder without a styrkort are noted
    in `out.orphan_folders` instead."""
    unit_set = {p[: -len("/styrkort.yaml")] for p in out.files if p.endswith("/styrkort.yaml")}
    out.unit_folders = sorted(unit_set)
    seen_orphans: set[str] = set()
    items: list[Item] = []
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
    return items


def _open_store(tree: WorkTree | None, max_bytes: int, wanted: bool | None) -> Store | None:
    if tree is None or not cache.enabled(wanted):
        return None
    try:
        return cache.open_store(tree.root, max_bytes)
    except Exception:  # the cache is an optimisation: whatever goes wrong with it, parse instead
        return None


def _cached(store: Store, tree: WorkTree, path: str, now: int) -> Entry | None:
    """The cache entry of `path` when it certainly holds what the file holds now, else None (read it)."""
    entry = store.get(path)
    if entry is None:
        return None
    info = tree.identity(path)
    if info is None:
        return None
    same = cache.stat_key(info) == entry.key
    if same and entry.settled:
        return entry
    # Changed so close to when it was read that its time stamps cannot tell, or another identity (a fresh clone
    # in CI, a checkout that rewrote the file as it was, a touched file): compare the content.
    try:
        data, info = tree.read_with_identity(path)
    except OSError:
        return None
    if cache.digest(data) != entry.sha:
        return None
    # The status was taken before the bytes were read (as when a file is parsed): a change after it shows next time.
    key, settled = cache.stat_key(info), cache.settled(info, now)
    if key != entry.key or settled != entry.settled:
        entry = Entry(key, entry.sha, settled, entry.found, entry.blob, entry.where)
        store.put(path, entry)
    return entry


def _collect(out: Loaded, items: list[Item], found: list[Read | Entry | None], store: Store | None) -> None:
    """What was found for each file, in file order, into `out`; remember in the cache what was read anew."""
    for (path, kind, folder), read in zip(items, found, strict=True):
        if not isinstance(read, Read):  # cannot happen: every file was either found in the cache or read
            continue
        out.problems.extend(read.failed)
        if read.text is not None:
            out.texts[path] = read.text
        if read.failed:
            continue
        if read.sha is not None:
            out.digests[path] = read.sha
            if store is not None and read.key is not None:
                old = store.get(path)
                if old is not None and old.sha != read.sha:
                    store.keep_earlier(path, old)
                if old is None or old.sha != read.sha or old.key != read.key:
                    blob = read.pickled()
                    store.put(path, Entry(read.key, read.sha, read.settled, read.found,
                                          None if blob is None else bytes(blob)))
        problems, markdown = read.found
        out.problems.extend(Problem(ProblemKind(k), m, path, line, col, h) for k, m, line, col, h in problems)
        if markdown is not None:
            out.markdown[path] = out.texts[path] = markdown
        elif kind is not None and (read.doc is not None or read.blob is not None or read.modelled is not None):
            out.add_document(path, kind, folder, read.doc, read.blob, read.modelled)
        read.release()  # handed on: the survey keeps only the file's digest
    if store is not None:
        store.keep_only(out.digests)
