"""What loading a repository gives the stages after it: the files, their documents, texts and problems."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from styr.frozen import frozen
from styr.load import cache
from styr.load.problems import Problem
from styr.load.schema_files import DocKind
from styr.load.yamlio import YMap


@frozen
class LoadedDoc:
    path: str
    kind: DocKind
    doc: YMap
    unit_folder: str


_Pending = tuple[str, DocKind, str, YMap | None, bytes | memoryview | None]
"""A document not yet unpickled: path, kind, unit folder, and the document or its pickle."""

Derive = Callable[["LoadedDoc"], object]
"""What the model makes of one document (styr.model.build.derive): given to `load` by a caller that needs the model
alone, so that each document is modelled where it is read and never kept (see `Loaded.derived`)."""


@dataclass
class Loaded:
    """Everything read from a source, grouped by kind, plus the problems and the files' texts.

    The documents are kept pickled until they are asked for: `documents()` unpickles them one at a time for the
    model to be built from (so the whole repository never lies in memory twice, once as documents and once as
    the model), `docs` unpickles and keeps them all. A working tree's YAML texts are not kept either:
    `source_line` reads a file again the first time one of its lines is shown, and shows it only when the file
    still holds the bytes that were checked (`digests`)."""

    files: list[str] = field(default_factory=list)
    markdown: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unit_folders: list[str] = field(default_factory=list)
    orphan_folders: list[tuple[str, str]] = field(default_factory=list)
    """(folder, first file) for folders that hold mål/ or aktiviteter/ files but no styrkort.yaml."""
    digests: dict[str, bytes] = field(default_factory=dict)
    """The SHA-256 of each working-tree file's bytes as they were checked."""
    reader: Callable[[str], bytes] | None = field(default=None, repr=False, compare=False)
    """Reads a file again (the working tree's `read_bytes`), for `source_line`."""
    fingerprint: bytes | None = field(default=None, compare=False)
    """A digest of every file's name and content (see styr.load.repo.Survey); None when a file could not be read."""
    pending: list[_Pending] = field(default_factory=list, repr=False)
    made: dict[str, object] = field(default_factory=dict, repr=False)
    """What `derive` made of a document where it was read, by path (its document is not kept): see `derived`."""
    modelled: dict[str, object] | None = field(default=None, repr=False, compare=False)
    """What every document was modelled as, by path, gathered by `derived` when the parse cache keeps models
    (styr.load.repo.Survey.keep_models); None otherwise."""
    _docs: list[LoadedDoc] | None = field(default=None, repr=False, compare=False)

    def add_document(self, path: str, kind: DocKind, unit_folder: str, doc: YMap | None,
                     blob: bytes | memoryview | None, made: object = None) -> None:
        """A document read (or its pickle); with `made`, only what the model made of it (the document is gone)."""
        self.pending.append((path, kind, unit_folder, doc, blob))
        if made is not None:
            self.made[path] = made
        self._docs = None

    def derived(self, derive: Derive, wanted: Callable[[str, DocKind], bool] | None = None, *,
                release: bool = False) -> Iterator[tuple[DocKind, object]]:
        """What the model makes of every document, in file order: made where it was read when `load` was given
        `derive`, else made now (`derive` is the same function either way, so the model is the same). `release`:
        let each document (and its pickle) go once it is modelled, so that the documents and the model they become
        never lie in memory whole at the same time; `documents()` is empty afterwards."""
        modelled = self.modelled
        if self._docs is not None and not self.made:  # kept unpickled (`docs`)
            for d in self.documents(wanted):
                made = derive(d)
                if modelled is not None:
                    modelled[d.path] = made
                yield d.kind, made
            if release:
                self.drop_documents()
            return
        pending = self.pending
        if release:
            self.pending, self._docs = [], None
            pending.reverse()  # taken from the end, so that each one goes as soon as it is modelled
        for index in range(len(pending)):
            path, kind, folder, doc, blob = pending.pop() if release else pending[index]
            if wanted is not None and not wanted(path, kind):
                continue
            made = self.made.get(path)
            if made is None and (document := _document(doc, blob)) is not None:
                made = derive(LoadedDoc(path, kind, document, folder))
            del doc, blob
            if made is not None:
                if modelled is not None:
                    modelled[path] = made
                yield kind, made

    def documents(self, wanted: Callable[[str, DocKind], bool] | None = None) -> Iterator[LoadedDoc]:
        """Every document in file order, unpickled as it is reached and not kept (unless `docs` kept them);
        `wanted`: only those of these paths and kinds (the others are not unpickled)."""
        if self._docs is not None:
            yield from (d for d in self._docs if wanted is None or wanted(d.path, d.kind))
            return
        for path, kind, folder, doc, blob in self.pending:
            if wanted is not None and not wanted(path, kind):
                continue
            if (document := _document(doc, blob)) is not None:
                yield LoadedDoc(path, kind, document, folder)

    @property
    def docs(self) -> list[LoadedDoc]:
        """Every document in file order, all unpickled and kept."""
        if self._docs is None:
            self._docs = list(self.documents())
        return self._docs

    def drop_documents(self) -> None:
        """Let the documents go once the model is built, for a command that needs only the model (the report):
        at 20,000 files they hold a few hundred megabytes the pages can use. `documents()` is then empty."""
        self.pending = []  # what was made of them (`made`) is part of the model: it stays
        self._docs = None

    @property
    def unread(self) -> list[str]:
        """The files left out because they could not be read (sorted): their content is missing."""
        return sorted({p.path for p in self.problems if p.unreadable})

    def source_line(self, path: str, line: int) -> str | None:
        if line < 1:
            return None
        text = self.texts.get(path)
        if text is None:
            text = self._read_again(path)
        if text is None:
            return None
        lines = text.splitlines()
        return lines[line - 1] if line <= len(lines) else None

    def _read_again(self, path: str) -> str | None:
        sha = self.digests.get(path)
        if sha is None or self.reader is None:
            return None
        try:
            data = self.reader(path)
        except OSError:
            return None
        if cache.digest(data) != sha:  # changed since it was checked: its lines would not be the ones meant
            return None
        text = data.decode("utf-8", "replace").removeprefix("\ufeff")
        self.texts[path] = text
        return text


def _document(doc: YMap | None, blob: bytes | memoryview | None) -> YMap | None:
    """A pending document itself, unpickled when it is kept as its pickle."""
    return doc if doc is not None or blob is None else cache.decode(blob)
