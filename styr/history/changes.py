"""Value-level differences between two versions of one document, as Swedish change lines."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from styr.frozen import frozen
from styr.model.vocab import YesNo
from styr.wording.numbers import number
from styr.wording.values import MISSING, yes_no

ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT", "__bool__": lambda self: False})()
"""Marks a value that does not exist on one side (distinct from an explicit YAML null)."""

PERIOD_MAPS = frozenset({"målvärde", "utfall", "bedömning", "uppföljning"})
"""Mappings keyed by period: their keys read as part of the label (`utfall 2026-Q2`)."""
SET_LISTS = frozenset({"bidrar_till", "mål", "ledord", "stängda_perioder"})
"""Lists whose order carries no meaning: shown as + and − of members."""
_KEYED_LISTS = {"indikatorer": ("id", ""), "målområden": ("id", "målområde "), "nivåer": ("id", "nivå "),
                "perspektiv": ("namn", "perspektiv ")}
"""Lists of mappings identified by a key: (key, label before the key's value)."""
DEFINITION_EXCLUDED = frozenset({"utfall", "bedömning", "beslut", "ansvarig"})
PERIOD_VALUES = frozenset({"period", "stängda_perioder"})
"""Keys whose values are periods: the year 2024 is shown as written, not as the number 2 024."""
"""Keys that are follow-up or administration, not part of what a body decides when it adopts a goal."""
_SHORT = 80


@frozen
class ValueChange:
    """One value that differs. `path` names it inside the document: keys, keyed-list members as
    '#I1', other list members as their 1-based position; `old`/`new` are ABSENT where missing."""

    path: tuple[str, ...]
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is ABSENT:
            return "tillagd"
        if self.new is ABSENT:
            return "borttagen"
        return "ändrad"

    @property
    def category(self) -> str:
        """Which part of the steering model it touches: målvärde, utfall, bedömning, koppling,
        uppföljning, beslut or definition."""
        keys = [p for p in self.path if not p.startswith("#")]
        for key in ("målvärde", "utfall"):
            if key in keys:
                return key
        first = keys[0] if keys else ""
        if first == "bedömning":
            return "bedömning"
        if first in ("bidrar_till", "mål"):
            return "koppling"
        if first in ("uppföljning", "status"):
            return "uppföljning"
        if first == "beslut":
            return "beslut"
        return "definition"

    @property
    def indicator(self) -> str | None:
        """The indicator id when the change lies inside one (`I1`), else None."""
        if len(self.path) >= 2 and self.path[0] == "indikatorer" and self.path[1].startswith("#"):
            return self.path[1][1:]
        return None

    def label(self, skip: int = 0) -> str:
        """`I1 utfall 2026-Q2`, `bedömning 2026-H1 färg`, `bidrar_till`; `skip` leading path steps."""
        words: list[str] = []
        path = self.path[skip:]
        for i, step in enumerate(path):
            parent = path[i - 1] if i else (self.path[skip - 1] if skip else "")
            if step.startswith("#"):
                words.append(_KEYED_LISTS.get(parent, ("", ""))[1] + step[1:])
            elif not (step in _KEYED_LISTS and i + 1 < len(path) and path[i + 1].startswith("#")):
                words.append(step)
        return " ".join(words)

    def text(self, skip: int = 0) -> str:
        """The Swedish change line: `utfall 2026-Q2: 84 → 86`, `bidrar_till: + KF-M3`, `analys: texten ändrad`."""
        label = self.label(skip)
        head = f"{label}: " if label else ""
        if isinstance(self.new, _Member) or isinstance(self.old, _Member):
            member = self.new if self.new is not ABSENT else self.old
            sign = "+" if self.old is ABSENT else "−"
            return f"{head}{sign} {member}"
        if _is_long(self.old) or _is_long(self.new):
            what = "ny text" if self.old is ABSENT else "texten borttagen" if self.new is ABSENT else "texten ändrad"
            return f"{head}{what}"
        period = any(step in PERIOD_VALUES for step in self.path[-2:])
        return f"{head}{show(self.old, period=period)} → {show(self.new, period=period)}"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": list(self.path), "label": self.label(), "kind": self.kind,
                               "category": self.category, "text": self.text()}
        if self.old is not ABSENT:
            out["old"] = _plain(self.old)
        if self.new is not ABSENT:
            out["new"] = _plain(self.new)
        return out


class _Member(str):
    """A member added to or removed from an unordered list (or a keyed list), shown as + / −."""


def _is_long(value: Any) -> bool:
    return isinstance(value, str) and ("\n" in value.strip() or len(value) > _SHORT)


def show(value: Any, *, period: bool = False) -> str:
    """A value as a Swedish reader expects it: decimal comma, ja/nej, text in quotation marks, – for nothing.
    `period`: the value is a period, and a year in it is no number to group (2024, not 2 024)."""
    if value is ABSENT or value is None:
        return MISSING
    if isinstance(value, bool):
        return yes_no(value)
    if period and isinstance(value, int):
        return str(value)
    if isinstance(value, int | float):
        return number(value, decimals=None)  # every digit: a change from 84,123 to 84,124 must show
    if isinstance(value, str):
        text = value.strip()
        return f"”{text}”" if (" " in text or not text or _looks_like_number(text)) else text
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {show(v, period=k in PERIOD_VALUES)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(v, period=period) for v in value) + "]"
    return str(value)


def _looks_like_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return text in (*YesNo.words(), MISSING)
    return True


def _plain(value: Any) -> Any:
    if isinstance(value, _Member):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _same(a: Any, b: Any) -> bool:
    # 86 and 86.0 are the same outcome; True and 1 are not the same answer, nor 86 and "86"
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return type(a) is type(b) and a == b
    return bool(a == b)


def diff_docs(old: Any, new: Any, skip: frozenset[str] = frozenset()) -> list[ValueChange]:
    """Every value that differs between two versions of a document (mappings as loaded by yamlio),
    in document order. Top-level keys in `skip` are ignored. A side that is None or ABSENT is empty."""
    a = old if isinstance(old, Mapping) else {}
    b = new if isinstance(new, Mapping) else {}
    if skip:
        a = {k: v for k, v in a.items() if k not in skip}
        b = {k: v for k, v in b.items() if k not in skip}
    return list(_walk((), a, b))


def _walk(path: tuple[str, ...], a: Any, b: Any) -> Iterator[ValueChange]:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        for key in [*a, *(k for k in b if k not in a)]:
            yield from _walk((*path, str(key)), a.get(key, ABSENT), b.get(key, ABSENT))
        return
    last = path[-1] if path else ""
    if isinstance(a, list) and isinstance(b, list):
        if last in _KEYED_LISTS:
            yield from _keyed(path, _KEYED_LISTS[last][0], a, b)
        elif last in SET_LISTS and all(_hashable(v) for v in (*a, *b)):
            yield from _members(path, a, b)
        else:
            for i in range(max(len(a), len(b))):
                yield from _walk((*path, str(i + 1)), a[i] if i < len(a) else ABSENT,
                                 b[i] if i < len(b) else ABSENT)
        return
    if a is ABSENT and b is ABSENT:
        return
    if (a is ABSENT or b is ABSENT) and _expandable(path, a if b is ABSENT else b):
        # a whole period entry or sub-mapping came or went: one line per value reads better than a blob
        side = a if b is ABSENT else b
        if isinstance(side, Mapping):
            for key, value in side.items():
                yield from _walk((*path, str(key)), value if a is not ABSENT else ABSENT,
                                 value if b is not ABSENT else ABSENT)
        else:
            yield from _walk(path, a if a is not ABSENT else [], b if b is not ABSENT else [])
        return
    if not _same(a, b):
        yield ValueChange(path, a, b)


def _expandable(path: tuple[str, ...], value: Any) -> bool:
    if isinstance(value, Mapping):
        return bool(value)
    return isinstance(value, list) and bool(path) and (path[-1] in _KEYED_LISTS or path[-1] in SET_LISTS)


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


def _members(path: tuple[str, ...], a: list[Any], b: list[Any]) -> Iterator[ValueChange]:
    period = bool(path) and path[-1] in PERIOD_VALUES
    before = dict.fromkeys(show(v, period=period) for v in a)
    after = dict.fromkeys(show(v, period=period) for v in b)
    for item in before:
        if item not in after:
            yield ValueChange(path, _Member(item), ABSENT)
    for item in after:
        if item not in before:
            yield ValueChange(path, ABSENT, _Member(item))


def _key_of(item: Any, key: str, index: int) -> str:
    if isinstance(item, Mapping) and isinstance(item.get(key), str | int) and str(item[key]).strip():
        return str(item[key]).strip()
    return f"{index + 1}"


def _keyed(path: tuple[str, ...], key: str, a: list[Any], b: list[Any]) -> Iterator[ValueChange]:
    old = {_key_of(x, key, i): x for i, x in enumerate(a)}
    new = {_key_of(x, key, i): x for i, x in enumerate(b)}
    for k in [*old, *(k for k in new if k not in old)]:
        if k not in new:
            yield ValueChange(path, _Member(_describe(k, old[k])), ABSENT)
        elif k not in old:
            yield ValueChange(path, ABSENT, _Member(_describe(k, new[k])))
        else:
            yield from _walk((*path, f"#{k}"), old[k], new[k])


def _describe(key: str, item: Any) -> str:
    name = item.get("namn") if isinstance(item, Mapping) else None
    if isinstance(name, str) and name.strip() and name.strip() != key:
        return f"{key} ({name.strip()})"
    return key


# --- helpers for the item kinds ------------------------------------------------------------------------------------


def indicator_of(doc: Any, indicator_id: str) -> Mapping[str, Any] | None:
    """The indicator mapping with this id inside a goal document, or None."""
    if not isinstance(doc, Mapping):
        return None
    for item in doc.get("indikatorer") or ():
        if isinstance(item, Mapping) and str(item.get("id", "")).strip() == indicator_id:
            return item
    return None


def doc_id(doc: Any) -> str | None:
    if isinstance(doc, Mapping):
        value = doc.get("id")
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def definition_changes(old: Any, new: Any) -> list[ValueChange]:
    """What changed in a goal's definition: everything but outcomes, assessments, the decision and ansvarig."""
    changes = diff_docs(old, new, skip=DEFINITION_EXCLUDED)
    return [c for c in changes if c.category not in ("utfall", "bedömning", "beslut")]
