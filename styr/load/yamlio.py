"""Safe YAML reading with the line and column of every key and value: the only module that imports `yaml`."""

from __future__ import annotations

import math
import re
import struct
import unicodedata
from array import array
from collections.abc import Collection, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any

import yaml

from styr.characters import NOT_SHOWN, escape_name, shown
from styr.frozen import frozen
from styr.load.problems import ProblemKind

_STR = "tag:yaml.org,2002:str"
_PLAIN = "styr:plain"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser composes ~10x faster


_NOTHING: dict[object, object] = {}  # never written: its `get` is a no-op the composer can call


class _Loader(_Base):  # type: ignore[misc]
    """Composes nodes without PyYAML's YAML 1.1 tag resolution, which we replace (see `_scalar`).

    PyYAML calls the Python resolver once per scalar, matching a dozen regular expressions: a third of
    the loading time. Plain scalars get a marker tag instead and are typed once, by our own rules.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    # The composer calls these for every node, for path-based resolvers we never register. Built-in callables that
    # ignore their arguments, not methods: a call into C instead of a Python frame, twice for each of the million
    # nodes of a large repository (2 % of parsing, measured over 6,000 goal files).
    descend_resolver = staticmethod(_NOTHING.get)  # (parent, index) → index
    ascend_resolver = staticmethod(tuple)  # () → ()


MAX_BYTES = 1024 * 1024
MAX_TEXT = 100_000
"""The longest text (an analysis, a verksamhetsplan section) a report renders: parsing Markdown takes a few
hundred bytes of memory per character, and a pasted table of a megabyte took a report to ~800 MB (rule Y12)."""

Pos = tuple[int, int]
"""(line, column), both 1-based."""

# YAML 1.2 core schema for plain scalars. We deliberately do not follow YAML 1.1: `ja`, `no`, `on`, `off`
# stay text (a chef's `ansvarig: no` must not become False), dates stay text (parsed where a date is meant),
# and `1:20` is not a base-60 number.
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_MAX_DIGITS = 300
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_WORDS: dict[str, bool | None] = {**dict.fromkeys(_NULL), **dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
_NUMBER_START = frozenset("0123456789+-.")
"""How every text `_INT` or `_FLOAT` matches begins: any other text is no number, without asking them."""


class Positions(tuple):  # type: ignore[type-arg]  # (keys, packed places, offset of the place in each key's)
    """Where each key of one mapping stands, or each key's value: (line, column) by key, read-only, unpacked from
    the mapping's packed places (see YMap) only when one is asked for. The model keeps its documents' value
    positions so, for the places of its findings.

    A tuple underneath (of the keys, the packed places and where in each key's four numbers to look), so that
    pickle makes one again without running any of styr's code: a model of 20,000 files holds 150,000 of them."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Pos:  # type: ignore[override]
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def get(self, key: str, default: Any = None) -> Any:
        # The rules ask for many places they never show (a finding's place, made ready before it is known whether
        # there is one): no more than a look at the keys.
        keys = _part(self, 0)
        i = _index(keys, keys, key)
        if i is None:
            return default
        line, column = _PAIR.unpack_from(_part(self, 1), 16 * i + _part(self, 2))
        return line, column

    def __contains__(self, key: object) -> bool:
        keys = _part(self, 0)
        return _index(keys, keys, key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(_part(self, 0))

    def __len__(self) -> int:
        return len(_part(self, 0))

    def keys(self) -> KeysView[str]:
        return KeysView(self)

    def items(self) -> ItemsView[str, Pos]:
        return ItemsView(self)

    def values(self) -> ValuesView[Pos]:
        return ValuesView(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        same = self.__eq__(other)
        return same if same is NotImplemented else not same

    __hash__ = None  # type: ignore[assignment]  # a mapping

    def __repr__(self) -> str:
        return repr(dict(self.items()))


Mapping.register(Positions)
_part = tuple.__getitem__  # a Positions' own parts (its __getitem__ looks keys up)
_SCANNED = 24
"""Keys up to which a key's place is found by going through the keys: a mapping of a goal file has a handful."""
_INDEXES: dict[int, tuple[object, dict[object, int]]] = {}
_INDEXES_KEPT = 8
"""Indexes kept: lookups come mapping by mapping (a file's findings, a goal's places), and each entry holds its
mapping alive, so a hostile repository of many large files keeps only a few of them in memory."""


def _index(owner: object, keys: Collection[object], key: object) -> int | None:
    """Where `key` is among `keys` (the keys of `owner`: a mapping, or the tuple of a Positions' keys), None when
    it is not there. A large mapping's keys are indexed once and the index kept for the next lookups (the last
    few): a file may hold a mapping of 50,000 keys with a finding for each (a hostile one, or a pasted table), and
    looking each one up by going through the keys would take quadratic time (minutes)."""
    if len(keys) <= _SCANNED:
        if key not in keys:
            return None
        return (keys if type(keys) is tuple else list(keys)).index(key)
    kept = _INDEXES.get(id(owner))
    if kept is None or kept[0] is not owner:  # held by the entry, so its id is not another object's meanwhile
        if len(_INDEXES) >= _INDEXES_KEPT:
            del _INDEXES[next(iter(_INDEXES))]
        kept = _INDEXES[id(owner)] = (owner, {k: i for i, k in enumerate(keys)})
    return kept[1].get(key)


_PAIR = struct.Struct("=II")  # as `array(_U32)` packs them: native order, four bytes each
_U32 = "I" if array("I").itemsize == 4 else "L"  # the four-byte unsigned type of this platform's C


class YMap(dict[str, Any]):
    """A mapping that remembers where it, each key and each value stand in the file.

    The places of its keys and values are packed into one bytes value, in key order (key line, key column, value
    line, value column for each key). A document has a few hundred thousand such places: kept as a dict of tuples
    per mapping they were most of what pickling a document cost (for the parse cache, and from a helper process to
    the one that models it) and half of reading it back; packed, both take about half the time."""

    __slots__ = ("_packed", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self._packed = b""  # set once the mapping is read (_Builder)

    def _place(self, key: str, value: int) -> Pos | None:
        i = _index(self, self, key)
        if i is None or 16 * i >= len(self._packed):
            return None
        line, column = _PAIR.unpack_from(self._packed, 16 * i + value)
        return line, column

    def where(self, key: str) -> Pos:
        """Position of the value of `key`, or of the mapping itself when the key is absent."""
        return self._place(key, 8) or self.pos

    def where_key(self, key: str) -> Pos:
        return self._place(key, 0) or self.pos

    @property
    def key_pos(self) -> Mapping[str, Pos]:
        """Where each key stands."""
        return tuple.__new__(Positions, (tuple(self), self._packed, 0))  # type: ignore[return-value]

    @property
    def val_pos(self) -> Mapping[str, Pos]:
        """Where each key's value stands."""
        return tuple.__new__(Positions, (tuple(self), self._packed, 8))  # type: ignore[return-value]


class YList(list[Any]):
    """A sequence that remembers where it and each item stand in the file (the items' places packed, as a
    mapping's are)."""

    __slots__ = ("_packed", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self._packed = b""  # set once the sequence is read (_Builder)

    @property
    def item_pos(self) -> tuple[Pos, ...]:
        """The place of each item, in order."""
        return tuple(_PAIR.iter_unpack(self._packed))

    def where(self, index: int) -> Pos:
        if index >= 0 and 8 * index < len(self._packed):
            line, column = _PAIR.unpack_from(self._packed, 8 * index)
            return line, column
        return self.pos


@frozen
class YamlProblem:
    """A problem of one file's YAML (its path is added by the caller)."""

    kind: ProblemKind
    message: str
    line: int
    column: int
    hint: str


@frozen
class Parsed:
    """The outcome of reading one file: a mapping (or None when unusable) and the problems found."""

    doc: YMap | None
    problems: tuple[YamlProblem, ...]
    text: str


class _Stop(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        self.problem = problem


_ScalarNode = yaml.ScalarNode


def _pos(node: Any) -> Pos:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _scalar(node: Any) -> Any:
    value: str = node.value
    if node.tag is not _PLAIN and (node.style or node.tag == _STR):  # style: "" (C) or None (Python) when plain
        return _nfc(value)
    if value in _WORDS:
        return _WORDS[value]
    if value[0] not in _NUMBER_START:  # not empty: "" is null
        return _nfc(value)
    if _INT.match(value):
        # Hundreds of digits are no measurement, would overflow a float (and past 4,300 digits Python refuses
        # to convert them at all): such a number stays the text it was written as, and the schema says so.
        return int(value) if len(value) <= _MAX_DIGITS else value
    if _FLOAT.match(value):
        number = float(value)
        return number if math.isfinite(number) else value  # 1e999 would be infinity
    return _nfc(value)


_IMPLICIT = (_PLAIN, _STR, _SEQ, _MAP)
"""The tags `_Loader.resolve` gives every node written without one (these very objects: an explicit `!!str`
is an equal string, but another object)."""
_TAG_SHOWN = 60


def _tag_problem(node: Any) -> YamlProblem | None:
    """Y13 when the node was written with an explicit tag, else None."""
    tag = node.tag
    if any(tag is implicit for implicit in _IMPLICIT):
        return None
    written = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
    written = "".join(c if c.isprintable() else "?" for c in written[:_TAG_SHOWN]) + ("…" if len(written) > _TAG_SHOWN
                                                                                   else "")
    line, col = _pos(node)
    return YamlProblem(ProblemKind.TAG, f"Taggen '{written}' används inte i målfiler; styr läser värdet som om "
                       "taggen inte fanns.", line, col,
                       "Ta bort taggen (ordet som börjar med !) och skriv bara värdet.")


class _Builder:
    """Turns composed nodes into YMap/YList/scalars, refusing aliases and collecting duplicate keys (and, with
    `check_tags`, explicit tags)."""

    def __init__(self, check_alias: bool, check_tags: bool = False) -> None:
        self.seen: set[int] | None = set() if check_alias else None
        self.tags = check_tags
        self.problems: list[YamlProblem] = []

    def _tagged(self, node: Any) -> None:
        found = _tag_problem(node)
        if found is not None:
            self.problems.append(found)

    def build(self, node: Any, where: Pos = (1, 1)) -> Any:
        """Build a value; `where` is the place that refers to the node (the alias position for reports)."""
        if self.seen is not None:
            # An alias is the very same node object met twice; stopping at once defeats alias bombs.
            if id(node) in self.seen:
                line, col = where
                raise _Stop(
                    YamlProblem(
                        ProblemKind.ALIAS,
                        "Ankare och alias (&namn, *namn) används inte i målfiler.",
                        line,
                        col,
                        "Skriv ut värdet på varje ställe det behövs; det gör filen lättare att granska.",
                    )
                )
            self.seen.add(id(node))
        if self.tags:
            self._tagged(node)
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            seq = YList(_pos(node))
            last = seq.pos
            places: list[int] = []
            for item in node.value:
                mark = item.start_mark
                here = (mark.line + 1, mark.column + 1)
                places += here
                seq.append(self.build(item, last))
                last = here
            seq._packed = array(_U32, places).tobytes()
            return seq
        return self._mapping(node)

    def _mapping(self, node: Any) -> YMap:
        # The hot loop of loading: positions are computed inline and scalar values built without recursion.
        mark = node.start_mark
        out = YMap((mark.line + 1, mark.column + 1))
        seen = self.seen
        places: list[int] = []  # key line, key column, value line, value column of each key, in order (see YMap)
        order: dict[str, int] | None = None  # each key's place in `places`, kept from the first duplicate on
        fast = seen is None and not self.tags  # every value built by `build`, which checks what it has to
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            kline, kcol = mark.line + 1, mark.column + 1
            if seen is not None:
                seen.add(id(key_node))
            if type(key_node) is not _ScalarNode:
                self.problems.append(YamlProblem(ProblemKind.WRONG_TYPE, "En nyckel måste vara text.", kline, kcol,
                                                 "Skriv nyckeln som ett ord före kolon."))
                continue
            if self.tags:
                self._tagged(key_node)
            key = key_node.value
            if not key.isascii():
                key = unicodedata.normalize("NFC", key)
            if key in out:
                if order is None:  # a file with thousands of duplicates must not list the keys for each one
                    order = {k: i for i, k in enumerate(out)}
                first = places[4 * order[key]]
                self.problems.append(
                    YamlProblem(
                        ProblemKind.DUPLICATE_KEY,
                        f"Nyckeln '{key}' finns två gånger i samma mappning (första gången på rad {first}).",
                        kline,
                        kcol,
                        "Slå ihop värdena under den första nyckeln; YAML skulle annars tyst tappa ett av dem.",
                    )
                )
                continue
            mark = value_node.start_mark
            if order is not None:
                order[key] = len(out)
            places += (kline, kcol, mark.line + 1, mark.column + 1)
            if fast and type(value_node) is _ScalarNode:
                out[key] = _scalar(value_node)
            else:
                out[key] = self.build(value_node, (kline, kcol))
        out._packed = array(_U32, places).tobytes()
        return out


def _offset_pos(data: bytes, offset: int) -> Pos:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def parse_yaml(data: bytes, max_bytes: int = MAX_BYTES) -> Parsed:  # noqa: PLR0911 — each way a file can be unreadable returns its own problem
    """Read one YAML file's bytes. Never raises for bad input: problems come back as values."""
    if len(data) > max_bytes:
        return _fail(
            ProblemKind.TOO_LARGE,
            f"Filen är {len(data) // 1024} KiB, större än gränsen {max_bytes // 1024} KiB.",
            1,
            1,
            "Dela upp innehållet i flera filer, till exempel ett mål per fil.",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _offset_pos(data, exc.start)
        return _fail(
            ProblemKind.NOT_UTF8,
            "Filen är inte giltig UTF-8.",
            line,
            col,
            "Spara filen som UTF-8 i din editor (inte Latin-1/Windows-1252).",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        detail = exc.problem or exc.context or ""
        return _fail(ProblemKind.SYNTAX, f"YAML-syntaxfel: {swedish_problem(detail)}.", line, col,
                     _syntax_hint(text, line), text)
    except yaml.YAMLError as exc:
        # A ReaderError (a control character) carries a character offset rather than a mark.
        offset = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return _fail(ProblemKind.SYNTAX, "YAML-syntaxfel: ett otillåtet styrtecken finns i texten.", line, col,
                     "Ta bort tecknet; det kommer ofta med när text klistras in från ett annat program.", text)
    if node is None:
        return _fail(ProblemKind.EMPTY, "Filen är tom.", 1, 1, "Fyll i filen eller ta bort den.", text)
    if not isinstance(node, yaml.MappingNode):
        line, col = _pos(node)
        return _fail(
            ProblemKind.NOT_MAPPING,
            "Filens innehåll ska vara en mappning (nycklar med värden), inte en lista eller ett enskilt värde.",
            line,
            col,
            "Börja filen med en nyckel, till exempel 'id: ...'.",
            text,
        )
    # Only a text with these characters can hold an alias or a tag: the others are built without looking for them.
    builder = _Builder(check_alias="&" in text or "*" in text, check_tags="!" in text)
    try:
        doc = builder.build(node)
    except _Stop as stop:
        return Parsed(None, (*builder.problems, stop.problem), text)
    except RecursionError:
        return _fail(ProblemKind.SYNTAX, "Filen är för djupt nästlad.", 1, 1, "Förenkla strukturen.", text)
    if "\\" in text:  # only an escape in a double-quoted text can write a control character (the reader refuses
        _shown_texts(doc, builder.problems)  # them written as they are)
    return Parsed(doc, tuple(builder.problems), text)


_ESCAPE_HINT = "Ta bort \\-sekvensen ur texten (den kommer ofta med när text klistras in från ett annat program)."


def control_problem(ch: str, line: int, column: int, hint: str = _ESCAPE_HINT) -> YamlProblem:
    """Y14: a text held `ch`, read as U+FFFD."""
    return YamlProblem(ProblemKind.CONTROL, f"Texten innehåller tecknet {escape_name(ch)}, som inte kan visas i en "
                       "rapport, en terminal eller ett kalkylblad; styr läser det som \ufffd.", line, column, hint)


def _shown_texts(node: YMap | YList, problems: list[YamlProblem]) -> None:
    """Replace what NOT_SHOWN holds in every text and key of a document, each with a problem at its place."""
    if isinstance(node, YList):
        for i, item in enumerate(node):
            _shown_value(node, i, item, problems)
        return
    renamed: dict[str, str | None] = {}
    used: set[str] = set()  # the keys' names, once one needs a new name (a set once: a file may hold 50,000 keys)
    for key, value in list(node.items()):
        clean_key, bad = shown(key)
        if bad is not None:
            problems.append(control_problem(bad, *node.where_key(key)))
            if not used:
                used.update(node)
            renamed[key] = _free_key(key, clean_key, used)
        _shown_value(node, key, value, problems)
    if renamed:  # in place and in the same order, each key's packed places with it (16 bytes per key)
        entries = [(renamed.get(k, k), v, node._packed[16 * i:16 * i + 16]) for i, (k, v) in enumerate(node.items())]
        node.clear()
        node.update((k, v) for k, v, _ in entries if k is not None)
        node._packed = b"".join(place for k, _, place in entries if k is not None)


def _free_key(key: str, clean: str, used: set[str]) -> str | None:
    """The name a key with characters no output carries is read under (added to `used`, the names taken): with
    U+FFFD for them, or, when another key already has that name ('a\\x07' and 'a\\x08'), with their escapes written
    out; None (the key is left out, as its Y14 says) when that name is taken too. Two keys never become one
    without a word."""
    for name in (clean, NOT_SHOWN.sub(lambda m: escape_name(m.group()), key)):
        if name not in used:
            used.add(name)
            return name
    return None


def _shown_value(node: Any, key: str | int, value: object, problems: list[YamlProblem]) -> None:
    """`_shown_texts` of the value at `key` of a mapping or (an index) a sequence."""
    if isinstance(value, str):
        clean, bad = shown(value)
        if bad is not None:
            problems.append(control_problem(bad, *node.where(key)))
            node[key] = clean
    elif isinstance(value, YMap | YList):
        _shown_texts(value, problems)


# PyYAML's problems, in the words a chef would use. Matched by the start of the parser's message.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "ett kolon står där inget nytt värde får börja"),
    ("did not find expected key", "en nyckel väntades här; indraget stämmer troligen inte"),
    ("could not find expected ':'", "kolon saknas efter en nyckel"),
    ("found character '\\t'", "tabbtecken kan inte användas för indrag"),
    ("found character that cannot start any token", "ett tecken som inte får inleda ett värde"),
    ("found undefined alias", "ett alias (*namn) pekar på ett ankare som inte finns"),
    ("did not find expected ',' or ']'", "en lista inom [ ] är inte avslutad"),
    ("did not find expected ',' or '}'", "en mappning inom { } är inte avslutad"),
    ("found unexpected end of stream", "filen tar slut mitt i ett värde (saknas ett citattecken?)"),
    ("found unknown escape character", "okänd \\-sekvens i en text med dubbla citattecken"),
    ("but found another document", "filen innehåller flera YAML-dokument (---); en fil ska ha ett"),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför"),
    ("did not find expected '-' indicator", "en listrad (-) väntades här"),
    ("did not find expected node content", "ett värde saknas"),
    ("found duplicate anchor", "samma ankare (&namn) förekommer två gånger"),
    ("found a tab character", "tabbtecken kan inte användas för indrag"),
    ("did not find expected alphabetic or numeric character", "ett ankare eller alias saknar namn"),
    ("did not find the expected", "ett tecken saknas"),
    ("found unexpected ':'", "ett kolon på fel ställe; sätt citattecken runt texten"),
    ("found undefined tag handle", "en okänd tagg (!namn)"),
)


def swedish_problem(detail: str) -> str:
    """The parser's English problem as a Swedish phrase (the generic one when it is not known)."""
    for start, swedish in _PROBLEMS:
        if detail.startswith(start) or start in detail:
            return swedish
    return "texten följer inte YAML:s regler"


def _syntax_hint(text: str, line: int) -> str:
    lines = text.splitlines()
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in src:
        return "Använd mellanslag, inte tabb, för indrag."
    if ": " in src.split("#")[0].split(": ", 1)[-1]:
        return "Sätt citattecken runt text som innehåller ': '."
    return "Kontrollera indraget och att varje nyckel följs av kolon och mellanslag."


def _fail(kind: ProblemKind, message: str, line: int, col: int, hint: str, text: str = "") -> Parsed:
    return Parsed(None, (YamlProblem(kind, message, line, col, hint),), text)
