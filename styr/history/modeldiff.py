"""What changed between two states of a goal repository, in the steering model's terms (`styr diff`).
Only the files Git reports as different are read; items are matched by id, so a move is a move."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from styr.frozen import frozen
from styr.history import gitio
from styr.history.adopt import TAG_ROOT, adoptions, latest, resolve_adoption_rev
from styr.history.changes import ValueChange, diff_docs, doc_id
from styr.history.log import item_kind, parse_doc, unit_folder
from styr.load.source import read_inside

STATUSES = ("tillagd", "borttagen", "flyttad", "ändrad")
KIND_ORDER = ("styrmodell", "vision", "enhet", "mål", "aktivitet", "avsnitt")
CATEGORY_ORDER = ("koppling", "målvärde", "utfall", "bedömning", "definition", "beslut", "uppföljning")


@frozen
class ItemDiff:
    """One item that differs. `unit` is the unit folder (new side when there is one)."""

    kind: str
    item_id: str
    title: str
    status: str
    unit: str
    unit_name: str
    old_path: str | None
    new_path: str | None
    changes: tuple[ValueChange, ...] = ()
    old_unit_name: str = ""
    note: str = ""


@frozen(slots=False)
class ModelDiff:
    """`styr diff`: the two sides' labels, the items that differ, and what the comparison could not show."""

    old_label: str
    new_label: str
    items: tuple[ItemDiff, ...]
    notes: tuple[str, ...] = field(default=())
    old_rev: str = ""
    new_rev: str | None = None

    def counts(self) -> Counter[tuple[str, str]]:
        """(kind, status) -> number of items."""
        return Counter((i.kind, i.status) for i in self.items)


@dataclass
class _Side:
    path: str
    doc: Any
    raw: bytes | None


def model_diff(root: Path, spec: str | None = None, *, since_adoption: bool = False, organ: str | None = None
               ) -> ModelDiff:
    """Compare two revisions (`A..B`, `A...B` from their merge base, `A` against the working tree, nothing:
    HEAD against the working tree). `beslut` or `beslut/<ORGAN>` names the latest adoption; with
    `since_adoption` the comparison starts there. Raises gitio.GitError with a Swedish message."""
    repo = gitio.open_repo(root)
    old_spec, new_spec, three_dots = _split(spec)
    if since_adoption:
        hit = latest(adoptions(repo), organ)
        if hit is None:
            who = f" för {organ}" if organ else ""
            raise gitio.BadRevision(f"Inget beslut{who} är registrerat (taggar under {TAG_ROOT}/). "
                                    "Registrera ett med 'styr adopt'.")
        old_spec = hit.tag
    old_spec = resolve_adoption_rev(repo, old_spec) or old_spec
    if new_spec is not None:
        new_spec = resolve_adoption_rev(repo, new_spec) or new_spec
    new_sha = gitio.resolve(repo, new_spec) if new_spec is not None else None
    old_sha = gitio.resolve(repo, old_spec)
    if three_dots:
        old_sha = gitio.merge_base(repo, old_sha, new_sha or "HEAD")
    changes = gitio.diff(repo, old_sha, new_sha, renames=False)
    notes: list[str] = []
    if new_sha is None:
        changes += [gitio.FileChange("A", None, p, None, None) for p in gitio.untracked(repo)]
    if repo.is_shallow:
        notes.append("Repot är en grund klon; jämförelsen gäller ändå bara de två revisionerna.")
    old_label = f"{old_spec} ({old_sha[:8]})" if not three_dots else f"{old_spec} (gemensam bas {old_sha[:8]})"
    new_label = f"{new_spec} ({new_sha[:8]})" if new_sha else "arbetskopian"
    items, formatting = _compare(repo, root, old_sha, new_sha, changes)
    if formatting:
        notes.append(f"{formatting} fil(er) ändrades utan att några värden ändrades (formatering, kommentarer).")
    return ModelDiff(old_label, new_label, tuple(items), tuple(notes), old_sha, new_sha)


def _split(spec: str | None) -> tuple[str, str | None, bool]:
    """(old, new or None for the working tree, whether old is to be replaced by the merge base)."""
    text = (spec or "").strip()
    if "..." in text:
        a, _, b = text.partition("...")
        return a or "HEAD", b or "HEAD", True
    if ".." in text:
        a, _, b = text.partition("..")
        return a or "HEAD", b or "HEAD", False
    return text or "HEAD", None, False


def _read(repo: gitio.GitRepo, root: Path, commit: str | None, names: dict[str, str | None]) -> dict[str, bytes]:
    """Contents by relative path: blobs from Git in one batch, or (working tree) files from disk."""
    out: dict[str, bytes] = {}
    from_git = {rel: blob or f"{commit}:{repo.full(rel)}" for rel, blob in names.items() if blob or commit}
    blobs = gitio.read_blobs(repo, from_git.values())
    for rel, name in from_git.items():
        if name in blobs:
            out[rel] = blobs[name]
    for rel in names:
        if rel not in from_git:
            try:
                out[rel] = read_inside(root, rel)  # a link out of the repository, or a FIFO, is not read
            except OSError:
                continue
    return out


def _key(kind: str, rel: str, doc: Any) -> tuple[str, str]:
    if kind in ("styrmodell", "vision"):
        return kind, kind
    if kind == "avsnitt":
        return kind, rel
    return kind, doc_id(doc) or rel


def _compare(repo: gitio.GitRepo, root: Path, old_sha: str, new_sha: str | None,  # noqa: C901, PLR0912 — one comparison per item kind, side by side so they stay alike
             changes: list[gitio.FileChange]) -> tuple[list[ItemDiff], int]:
    old_names: dict[str, str | None] = {}
    new_names: dict[str, str | None] = {}
    for fc in changes:
        for top_path, blob, names in ((fc.old_path, fc.old_blob, old_names), (fc.new_path, fc.new_blob, new_names)):
            rel = repo.rel(top_path) if top_path else None
            if rel is not None and item_kind(rel) is not None:
                names[rel] = blob
    old_data = _read(repo, root, old_sha, old_names)
    new_data = _read(repo, root, new_sha, new_names)
    old_side = _sides(old_names, old_data)
    new_side = _sides(new_names, new_data)
    folders = {unit_folder(s.path) or "" for s in (*old_side.values(), *new_side.values())}
    old_units = _unit_names(repo, root, old_sha, folders)
    new_units = _unit_names(repo, root, new_sha, folders)
    items: list[ItemDiff] = []
    formatting = 0
    for key in [*old_side, *(k for k in new_side if k not in old_side)]:
        kind, item_id = key
        before, after = old_side.get(key), new_side.get(key)
        side = after or before
        assert side is not None
        folder = unit_folder(side.path) or ""
        unit_name = (new_units if after else old_units).get(folder, folder)
        title = _title(after) or _title(before)
        if before is None or after is None:
            items.append(ItemDiff(kind, item_id, title, "tillagd" if before is None else "borttagen", folder, unit_name,
                                  before.path if before else None, after.path if after else None))
            continue
        if before.raw == after.raw and before.path == after.path:
            continue  # Git only saw a new timestamp
        note = ""
        if kind == "avsnitt":
            found: list[ValueChange] = []
            if before.raw != after.raw:
                note = "texten ändrad"
        elif before.doc is None or after.doc is None:
            found = []
            note = "filen kunde inte läsas (YAML-fel): kör 'styr validate'"
        else:
            found = diff_docs(before.doc, after.doc)
        old_folder = unit_folder(before.path) or ""
        if old_folder != folder:
            items.append(ItemDiff(kind, item_id, title, "flyttad", folder, unit_name, before.path, after.path,
                                  tuple(found), old_units.get(old_folder, old_folder), note))
        elif found or note:
            if before.path != after.path:
                note = f"nytt filnamn (tidigare {before.path})" + (f"; {note}" if note else "")
            items.append(ItemDiff(kind, item_id, title, "ändrad", folder, unit_name, before.path, after.path,
                                  tuple(found), note=note))
        elif before.path != after.path:
            items.append(ItemDiff(kind, item_id, title, "ändrad", folder, unit_name, before.path, after.path,
                                  note=f"nytt filnamn (tidigare {before.path})"))
        else:
            formatting += 1
    items.sort(key=lambda i: (STATUSES.index(i.status), i.unit, KIND_ORDER.index(i.kind), i.item_id))
    return items, formatting


def _sides(names: dict[str, str | None], data: dict[str, bytes]) -> dict[tuple[str, str], _Side]:
    out: dict[tuple[str, str], _Side] = {}
    for rel in names:
        if rel not in data:
            continue
        kind = item_kind(rel) or ""
        doc = parse_doc(data[rel]) if kind != "avsnitt" else None
        out.setdefault(_key(kind, rel, doc), _Side(rel, doc, data[rel]))
    return out


def _title(side: _Side | None) -> str:
    """A goal's or activity's titel, a unit's namn, a section's first `# ` heading."""
    if side is None:
        return ""
    if isinstance(side.doc, dict):
        for key in ("titel", "namn"):
            value = side.doc.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    elif side.raw is not None and side.path.endswith(".md"):
        for line in side.raw.decode("utf-8", "replace").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return ""


def _unit_names(repo: gitio.GitRepo, root: Path, commit: str | None, folders: set[str]) -> dict[str, str]:
    paths = {f"{f}/styrkort.yaml": f for f in folders if f}
    data = _read(repo, root, commit, dict.fromkeys(paths))
    out: dict[str, str] = {}
    for rel, folder in paths.items():
        doc = parse_doc(data.get(rel))
        name = doc.get("namn") if isinstance(doc, dict) else None
        out[folder] = name.strip() if isinstance(name, str) and name.strip() else folder
    return out
