"""The parse cache: what reading each file found, kept between runs, so that a run where little changed reads little.

One pack file per goal repository holds, for every YAML and Markdown file read from its working tree, the parsed
and positioned document with its problems (pickled), the SHA-256 of the bytes that were parsed, and the file's
identity when they were read (size, mtime_ns, ctime_ns, inode, device). A later run uses an entry without reading
the file only when the file's identity is unchanged and it had settled: it was not changed so recently that the
file system's clock could not tell two versions apart (within `RACY_NS` of when it was read, as Git's "racily
clean" index entries). Otherwise (a racy entry, or another identity: a fresh clone in CI, a touched file) its
bytes are read and hashed again, and the entry is used only when they match. Anything else is parsed again. A
pack also names the styr it was made by (its version and a fingerprint of its code and schemas) and the size
limit; another styr starts afresh.

Where: `STYR_CACHE_DIR`, else the user's cache folder (~/.cache/styr, ~/Library/Caches/styr, %LOCALAPPDATA%):
never the goal repository, so there is nothing to ignore in Git and a merge request cannot plant a cache. Each
pack is authenticated (HMAC-SHA256) with a random key kept in that folder, and a pickle is only ever read after
its pack passed that check, and then only with the three classes a document is made of. A cache folder inside the
goal repository (as GitLab CI needs) is used only with a key from outside it: the STYR_CACHE_KEY variable.

A cache that cannot be read, is truncated, corrupt, forged, from another styr or being written by another process
at the same time is simply not used: the files are parsed, and the result is the same. `STYR_CACHE=0` (or
`--no-cache`) turns the cache off.

Beside the pack, a second file (`.model`, the same format) keeps what styr's model made of each document (see
styr.model.build.derive), under the SHA-256 of the file it was made from: the commands that show the repository
(report, status, export) then unpickle a goal as the model has it instead of its document, and model it again only
when its file changed. Only those commands write it (a first `styr report` after a validation pays for it once);
any command that models the whole repository from the cache reads it. Its pickles may name only the model's own
value classes (frozen dataclasses, named by the model) and dates.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import hmac
import io
import os
import pickle
import secrets
import stat
import struct
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from styr import __version__, parallel
from styr.frozen import frozen
from styr.load import yamlio

DIR_ENV = "STYR_CACHE_DIR"
KEY_ENV = "STYR_CACHE_KEY"
SWITCH_ENV = "STYR_CACHE"
_OFF = frozenset({"0", "av", "nej", "false", "off", "no"})
MAGIC = b"STYRPACK\x01\n"
_MAC = 32
_HEAD = len(MAGIC) + _MAC
RACY_NS = 3_000_000_000
"""A file changed less than this before it was read may change again without its time stamps showing it (file
systems with coarse time stamps, a clock a little ahead of the disk's): its entry is checked by content."""
KEEP_DAYS = 30
"""A pack not used for this long (another goal repository, a deleted clone) is removed when another is written."""

BEHIND_FROM = 2000
"""Entries from which a pack is written by a child process (styr.parallel.behind): below, forking costs more than
the write it takes off the command's path."""

StatKey = tuple[int, int, int, int, int]
"""size, mtime_ns, ctime_ns, inode, device of a file as it was read."""


def enabled(wanted: bool | None = None) -> bool:
    """Whether to use the cache: `wanted` when given (`--no-cache`), else not when STYR_CACHE is 0/av/nej/false."""
    if wanted is not None:
        return wanted
    return os.environ.get(SWITCH_ENV, "").strip().lower() not in _OFF


def cache_root() -> Path | None:
    """STYR_CACHE_DIR, else the user's cache folder for styr (None when there is no home folder to put it in)."""
    given = os.environ.get(DIR_ENV, "").strip()
    if given:
        return Path(given).absolute()
    try:
        if sys.platform == "win32":
            local = os.environ.get("LOCALAPPDATA", "").strip()
            return Path(local) / "styr" / "Cache" if local else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "styr"
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "styr"
    except (RuntimeError, KeyError, OSError):  # no home folder (a locked-down CI user)
        return None


def stat_key(info: os.stat_result) -> StatKey:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def settled(info: os.stat_result, now_ns: int) -> bool:
    """The file was last changed long enough before `now_ns` that a change after it would show in its stamps."""
    return max(info.st_mtime_ns, info.st_ctime_ns) < now_ns - RACY_NS


def digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


# --- the code that decides what a file parses to --------------------------------------------------------------

@functools.cache
def code_fingerprint() -> str:
    """styr's version and the name, size and modification time of every module and schema it ships: a pack made
    by another styr (another version, or a source checkout that has been edited since) is never used."""
    from styr.resources import data_dir

    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(__version__.encode())
    for folder, suffix in ((package, ".py"), (data_dir("schemas"), ".json")):
        for path in sorted(_files(folder, suffix)):
            try:
                info = os.stat(path)
            except OSError:
                continue
            h.update(f"{os.path.relpath(path, folder)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _files(folder: Path, suffix: str) -> Iterable[str]:
    for dirpath, dirnames, names in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        yield from (os.path.join(dirpath, n) for n in names if n.endswith(suffix))


# --- the pack --------------------------------------------------------------------------------------------------


@frozen
class Entry:
    """One file's cached reading: its identity when read, the SHA-256 of the bytes parsed, whether it had settled
    (see `settled`) then, what it held besides a document (`found`: its problems and a Markdown text, plain values)
    and its document pickled: `blob` when it was made in this run, else where it lies in the pack (offset, length,
    SHA-256 of the pickle). A file without a document has neither."""

    key: StatKey
    sha: bytes
    settled: bool
    found: Any
    blob: bytes | None = None
    where: tuple[int, int, bytes] | None = None

    @property
    def has_document(self) -> bool:
        return self.blob is not None or self.where is not None


class _Unpickler(pickle.Unpickler):
    """Only a document's own classes may be named in a cached pickle: nothing else can be constructed."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "styr.load.yamlio" and name in ("YMap", "YList", "Positions"):
            return getattr(yamlio, name)
        raise pickle.UnpicklingError(f"{module}.{name} hör inte hemma i styrs cache")


def encode(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def decode(blob: bytes | memoryview) -> Any:
    return _Unpickler(io.BytesIO(blob)).load()


EARLIER_KEPT = 64
"""Earlier versions of files kept in a pack (see Store.keep_earlier): as many as `styr validate` checks alone."""
_EARLIER = "\0tidigare\0"  # no path holds a NUL: an earlier version's key never names a file


def _earlier_key(rel: str, sha: bytes) -> str:
    return f"{_EARLIER}{sha.hex()}\0{rel}"


class _ModelUnpickler(_Unpickler):
    """A kept model's pickle may name only the model's own value classes (`classes`, given by the model: this
    layer knows nothing of it), a date and a document's three classes (a few settings keep a piece of their
    document): nothing with behaviour of its own can be constructed."""

    def __init__(self, data: io.BytesIO, classes: Mapping[str, type]) -> None:
        super().__init__(data)
        self.classes = classes

    def find_class(self, module: str, name: str) -> Any:
        found = self.classes.get(f"{module}.{name}")
        if found is not None:
            return found
        if (module, name) == ("datetime", "date"):
            return datetime.date
        return super().find_class(module, name)  # a document's classes, or refused


def decode_model(blob: bytes | memoryview, classes: Mapping[str, type]) -> Any:
    """What the model made of one document, as `encode` kept it in a `.model` file (see open_models)."""
    return _ModelUnpickler(io.BytesIO(blob), classes).load()


class CacheDamaged(Exception):
    """A pickle in the pack is not the one its authenticated index describes: parse the file instead."""


@dataclass
class Store:
    """The cached readings of one goal repository: its pack's index read once (authenticated), the pickles read
    only when a run needs them, and the pack written back whole when anything changed.

    The pack: MAGIC, an HMAC-SHA256 of what follows up to the pickles, the length of the index, the index (the
    header and, per file, its entry with the SHA-256 of its pickle), then the pickles one after another."""

    path: Path
    key: bytes
    header: dict[str, object]
    entries: dict[str, Entry] = field(default_factory=dict)
    changed: bool = False
    _fh: io.BufferedReader | None = None
    _start: int = 0
    _area: bytes | None = None
    _earlier: dict[str, None] | None = None

    def get(self, rel: str) -> Entry | None:
        return self.entries.get(rel)

    def put(self, rel: str, entry: Entry) -> None:
        self.entries[rel] = entry
        self.changed = True

    def keep_earlier(self, rel: str, entry: Entry) -> None:
        """Keep the reading `entry` of `rel` (about to be replaced by a newer one) as an earlier version, found by
        `earlier`: `styr validate` compares the files that changed since its last run with what they were then,
        also when another command (a report) has read them since. The EARLIER_KEPT latest are kept."""
        if not entry.has_document:
            return
        if self._earlier is None:  # the ones the pack held, oldest first: found once, not at every call
            self._earlier = dict.fromkeys(key for key in self.entries if key.startswith(_EARLIER))
        key = _earlier_key(rel, entry.sha)
        self._earlier.pop(key, None)
        self._earlier[key] = None
        self.entries.pop(key, None)
        self.entries[key] = entry
        while len(self._earlier) > EARLIER_KEPT:  # a checkout that changed every file keeps only the latest
            oldest = next(iter(self._earlier))
            del self._earlier[oldest]
            self.entries.pop(oldest, None)
        self.changed = True

    def earlier(self, rel: str, sha: bytes) -> Entry | None:
        """The reading of `rel` from bytes with the digest `sha`: its entry, or an earlier version kept."""
        entry = self.entries.get(rel)
        if entry is not None and entry.sha == sha:
            return entry
        return self.entries.get(_earlier_key(rel, sha))

    def keep_only(self, wanted: Iterable[str]) -> None:
        """Forget the entries of files that are no longer read (and their earlier versions)."""
        keep = set(wanted)
        gone = [rel for rel in self.entries if (rel.rpartition("\0")[2] if rel.startswith(_EARLIER) else rel)
                not in keep]
        for rel in gone:
            del self.entries[rel]
            if self._earlier is not None:
                self._earlier.pop(rel, None)
        self.changed = self.changed or bool(gone)

    def blob(self, entry: Entry) -> bytes | memoryview | None:
        """The pickled document of an entry (None without one), checked against the index. Raises CacheDamaged."""
        view = self._copy(entry)
        in_pack = entry.where if entry.blob is None else None  # a pickle made in this run needs no check
        if view is not None and in_pack is not None and hashlib.sha256(view).digest() != in_pack[2]:
            raise CacheDamaged("skadad")
        return view

    def _copy(self, entry: Entry) -> bytes | memoryview | None:
        """An entry's pickle as it lies in the pack, unchecked: what the next pack is written with, with its SHA-256
        from the index. Checking it is for whoever reads it (`blob`), so a damaged one is still caught, without
        hashing the whole pack every time one file changed. Raises CacheDamaged when the pack is cut short."""
        if entry.blob is not None or entry.where is None:
            return entry.blob
        offset, length, _ = entry.where
        view = memoryview(self._pickles())[offset:offset + length]
        if len(view) != length:
            raise CacheDamaged("avkortad")
        return view

    def _pickles(self) -> bytes:
        # Read from the file that was opened with the index: another process may have replaced the pack since.
        if self._area is None:
            if self._fh is None:
                raise CacheDamaged("ingen packfil")
            try:
                self._fh.seek(self._start)
                self._area = self._fh.read()
            except OSError as exc:
                raise CacheDamaged(str(exc)) from exc
        return self._area

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        self._area = None

    def save(self) -> None:
        """Write the pack if anything changed (atomically; a failure only means the next run parses more). A large
        one is written by a child process while the command goes on (styr.parallel.behind)."""
        if not self.changed:
            self.close()
            return
        if len(self.entries) < BEHIND_FROM or not parallel.behind(self._write):
            self._write()
        self.changed = False
        self.close()

    def _write(self) -> None:
        index: dict[str, tuple[StatKey, bytes, bool, Any, tuple[int, int, bytes] | None]] = {}
        blobs: list[bytes | memoryview] = []
        offset = 0
        for rel, e in self.entries.items():
            try:
                blob = self._copy(e)
            except CacheDamaged:
                continue
            where = None
            if blob is not None:
                where = (offset, len(blob), e.where[2] if e.where is not None else hashlib.sha256(blob).digest())
                blobs.append(blob)
                offset += len(blob)
            index[rel] = (e.key, e.sha, e.settled, e.found, where)
        meta = pickle.dumps((self.header, index), protocol=pickle.HIGHEST_PROTOCOL)
        signed = struct.pack("<Q", len(meta)) + meta
        mac = hmac.digest(self.key, signed, "sha256")
        with contextlib.suppress(OSError):
            _write_atomically(self.path, [MAGIC, mac, signed, *blobs])
            _prune(self.path.parent, keep=self.path)

    def release(self) -> None:
        """Forget the readings once the pack is written (or could not be), so that the pickles they hold can go
        as the model is built from them; what is remembered beside the pack (`recall`, `remember`) stays usable."""
        self.close()
        self.entries = {}
        self._earlier = None
        self.changed = False

    # --- what a whole run found, for the application to remember (see styr.app) ---

    @property
    def memos(self) -> Memos:
        return Memos(self.path, self.key)


@frozen(slots=False)
class Memos:
    """What is remembered beside a pack: the pack's path and key alone, so that it stays usable after the
    readings are let go, in a helper process too (a report's open data)."""

    path: Path
    key: bytes

    def recall(self, name: str, suffix: str = ".memo") -> Any:
        """A value remembered with `remember` under `name` (plain values only), or None."""
        data = _read_signed(self.path.with_suffix(_memo_suffix(suffix)), self.key)
        found = data.get(name) if isinstance(data, dict) else None
        return found

    def remember(self, name: str, value: object, keep: int = 8, suffix: str = ".memo") -> None:
        """Remember a value of plain data (text, numbers, tuples, lists, dicts) under `name`, beside the pack; the
        `keep` latest names are kept. `suffix` names the file among MEMO_SUFFIXES: values of different sizes and
        uses are kept apart, so that reading a small one never reads a large one."""
        path = self.path.with_suffix(_memo_suffix(suffix))
        # With room for one name, what the file held goes anyway: not read (tens of megabytes for the open data).
        data = _read_signed(path, self.key) if keep > 1 else None
        memo = dict(data) if isinstance(data, dict) else {}
        memo.pop(name, None)
        memo[name] = value
        while len(memo) > keep:
            memo.pop(next(iter(memo)))
        with contextlib.suppress(OSError):
            _write_signed(path, self.key, memo)


MEMO_SUFFIXES = (".memo", ".docs", ".opendata", ".mallar")
""".memo: a validation's findings for a repository as a whole; .docs: the findings per file (styr.app.pipeline);
.opendata: each goal's rows in a report's open data, as text (styr.app.opendata_kept); .mallar: the report's
templates compiled (styr.render.site.templating)."""


MODEL_SUFFIX = ".model"


def open_models(store: Store) -> Store:
    """The models kept beside `store`'s pack (see the module's docstring): the same format, key and styr, each
    entry keyed by the SHA-256 of the file its model was made from; its pickles are read with `decode_model`."""
    models = Store(store.path.with_suffix(MODEL_SUFFIX), store.key, {**store.header, "kind": "model"})
    _read_index(models)
    return models


def _memo_suffix(suffix: str) -> str:
    if suffix not in MEMO_SUFFIXES:
        raise ValueError(f"okänd minnesfil {suffix}")
    return suffix


def _read_signed(path: Path, key: bytes) -> Any:
    """The pickled plain value of a signed file (`_write_signed`), or None when it is missing, forged or damaged.
    The file is read twice, in pieces: once to check its signature, then to unpickle it (from the disk's cache), so
    that a value of hundreds of megabytes (a large report's open data) never lies in memory as bytes as well."""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                return None
            mac = fh.read(_MAC)
            signer = hmac.new(key, digestmod="sha256")
            while chunk := fh.read(_CHUNK):
                signer.update(chunk)
            if not hmac.compare_digest(signer.digest(), mac):
                return None
            fh.seek(_HEAD)
            return _Unpickler(fh).load()
    except Exception:  # unreadable; or authenticated but not ours to understand: nothing remembered
        return None


_CHUNK = 1 << 20


class _Signing:
    """A file that signs what is written to it (pickle writes its frames here)."""

    def __init__(self, fh: BinaryIO, signer: hmac.HMAC) -> None:
        self.fh, self.signer = fh, signer

    def write(self, data: bytes) -> int:
        self.signer.update(data)
        return self.fh.write(data)


def _write_signed(path: Path, key: bytes, value: object) -> None:
    """Write `value` pickled and signed with `key`, atomically: pickled straight into the file with its signature
    made as it goes and put in its place at the head, so the pickle never lies in memory whole."""
    def fill(fh: BinaryIO) -> None:
        signer = hmac.new(key, digestmod="sha256")
        fh.write(MAGIC + bytes(_MAC))
        pickle.dump(value, _Signing(fh, signer), protocol=pickle.HIGHEST_PROTOCOL)
        fh.seek(len(MAGIC))
        fh.write(signer.digest())

    _write_file_atomically(path, fill)


def open_store(repo_root: Path, max_bytes: int) -> Store | None:
    """The cached readings of the goal repository at `repo_root` (empty when there are none yet or they cannot be
    used), or None when there is nowhere safe to keep them."""
    root = cache_root()
    if root is None:
        return None
    real_repo = os.path.realpath(repo_root)
    try:
        key = _key(root, real_repo)
    except OSError:
        return None
    if key is None:
        return None
    name = hashlib.sha256(os.fsencode(real_repo)).hexdigest()[:32]
    header: dict[str, object] = {"styr": code_fingerprint(), "repo": real_repo, "max_bytes": max_bytes}
    store = Store(root / "v1" / f"{name}.pack", key, header)
    _read_index(store)
    return store


def _read_index(store: Store) -> None:
    """Read a pack's index into `store`, or nothing when the pack is missing, truncated, forged, corrupt or from
    another styr. The file stays open for the pickles."""
    try:
        fh = open(store.path, "rb")  # noqa: SIM115 — kept open on the store, closed by Store.close
    except OSError:
        return
    try:
        head = fh.read(_HEAD + 8)
        if len(head) < _HEAD + 8 or not head.startswith(MAGIC):
            raise ValueError("inget styr-paket")
        (size,) = struct.unpack_from("<Q", head, _HEAD)
        meta = fh.read(size)
        signed = head[_HEAD:] + meta
        if len(meta) != size or not hmac.compare_digest(hmac.digest(store.key, signed, "sha256"),
                                                        head[len(MAGIC):_HEAD]):
            raise ValueError("fel längd eller fel signatur")
        found_header, index = _Unpickler(io.BytesIO(meta)).load()
        if found_header != store.header:
            raise ValueError("ett annat styr")
        store.entries = {rel: Entry(k, sha, ok, found, None, where)
                         for rel, (k, sha, ok, found, where) in index.items()}
    except Exception:  # truncated, forged, another shape: start afresh
        fh.close()
        store.entries = {}
        return
    store._fh, store._start = fh, _HEAD + 8 + size
    _mark_used(store.path)


def _key(root: Path, real_repo: str) -> bytes | None:
    """The key that authenticates packs: STYR_CACHE_KEY when set; else the random key kept in the cache folder,
    made on first use. A cache folder inside the goal repository, or one that another user could write to, is
    not trusted with a key of its own."""
    given = os.environ.get(KEY_ENV, "")
    if given:
        return hashlib.sha256(given.encode("utf-8", "surrogateescape")).digest()
    real_root = os.path.realpath(root)
    if real_root == real_repo or real_root.startswith(real_repo.rstrip(os.sep) + os.sep):
        return None
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not _private(root):
        return None
    key_file = root / "key"
    if not key_file.exists():
        _create_key(key_file)
    if not _private(key_file):
        return None
    with open(key_file, "rb") as fh:
        key = fh.read(64)
    return key if len(key) == 32 else None


def _private(path: Path) -> bool:
    """Owned by this user and writable by nobody else (where the system has owners and modes)."""
    if not hasattr(os, "getuid"):
        return True
    info = os.stat(path)
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _create_key(key_file: Path) -> None:
    # Written whole under a temporary name and then linked in place: a process starting at the same moment
    # either finds no key and makes one (and one of the two links wins), or finds a complete one.
    tmp = key_file.with_name(f"key.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_bytes(32))
    finally:
        os.close(fd)
    try:
        os.link(tmp, key_file)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def _write_atomically(path: Path, parts: Iterable[bytes | memoryview]) -> None:
    _write_file_atomically(path, lambda fh: fh.writelines(parts))


def _write_file_atomically(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """Make the file `path` by `fill` on a temporary file beside it, then put it in its place."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
        os.replace(tmp, path)  # readers see the old pack or the new one, whole
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _mark_used(path: Path) -> None:
    """Touch a pack at most once a day, so that `_prune` can tell the packs still in use."""
    try:
        if time.time() - os.stat(path).st_mtime > 86_400:
            os.utime(path)
    except OSError:
        pass


_SIBLINGS = (".pack", MODEL_SUFFIX, *MEMO_SUFFIXES)


def _prune(folder: Path, keep: Path) -> None:
    """Remove packs unused for KEEP_DAYS and temporary files left by a process that died while writing."""
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
            stale = (entry.name.endswith(".tmp") and age > 3600) or (entry.name.endswith(_SIBLINGS)
                                                                      and age > KEEP_DAYS * 86_400)
            mine = {str(keep.with_suffix(s)) for s in _SIBLINGS}
            if stale and entry.path not in mine:
                os.unlink(entry.path)
        except OSError:
            continue
