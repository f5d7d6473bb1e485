"""Check loaded documents against the shipped JSON Schemas: a compiled yes/no here, Swedish detail after.

Valid documents never reach jsonschema, so it is imported only when a document fails (schema_detail).
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Any

from styr.load.schema_files import ANNOTATIONS, DocKind, SchemaProblem, file_name, load_schemas, resolve, schema_for

# --- The fast check: the schemas compiled into closures that only answer valid / not valid. ---------------

Check = Callable[[object], bool]


def _always(_: object) -> bool:
    return True


def _is_number(x: object) -> bool:
    kind = type(x)
    if kind is int or kind is float:
        return True
    return kind is not bool and isinstance(x, numbers.Number)


def _is_integer(x: object) -> bool:
    # As jsonschema's draft 2020-12 checker: 2.0 is an integer, True is not.
    if isinstance(x, bool):
        return False
    return isinstance(x, int) or (isinstance(x, float) and x.is_integer())


_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict), "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str), "number": _is_number, "integer": _is_integer,
    "boolean": lambda x: isinstance(x, bool), "null": lambda x: x is None,
}


def _equal(a: object, b: object) -> bool:
    """JSON equality: True is not 1, and text only equals text."""
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda x: first(x) and second(x)

    def every(x: object) -> bool:
        # A plain loop: all() over a generator costs a frame per document value, and this runs millions of times.
        for c in checks:  # noqa: SIM110
            if not c(x):
                return False
        return True
    return every


def _any(checks: list[Check]) -> Check:
    def some(x: object) -> bool:
        for c in checks:  # noqa: SIM110 (as in _all: faster than any() over a generator)
            if c(x):
                return True
        return False
    return some


_OBJECT_KEYS = frozenset({"properties", "patternProperties", "required", "additionalProperties"})
_ARRAY_KEYS = frozenset({"items", "minItems"})
_STRING_KEYS = frozenset({"pattern", "minLength", "format"})
_NUMBER_KEYS = frozenset({"minimum", "maximum", "exclusiveMinimum"})
_KEYWORDS = (_OBJECT_KEYS | _ARRAY_KEYS | _STRING_KEYS | _NUMBER_KEYS
             | {"type", "enum", "const", "$ref", "anyOf", "oneOf"})


class _Compiler:
    """Turns a schema (with $refs into the loaded files) into one Check. Each $ref target compiles once.

    The common shapes (a typed object, array, string or number) become one closure each, since the
    checks run for every value of every document; anything else is a conjunction of small checks.
    """

    def __init__(self, schemas: dict[str, dict[str, Any]]) -> None:
        self.schemas = schemas
        self.refs: dict[str, Check] = {}

    def ref(self, base: str, ref: str) -> Check:
        file, _, pointer = ref.partition("#")
        file = file or base
        key = f"{file}#{pointer}"
        if key not in self.refs:
            cell: list[Check] = []
            self.refs[key] = lambda x: cell[0](x)  # noqa: PLW0108 — a stand-in while a recursive definition compiles: cell[0] is not yet there
            cell.append(self.compile(resolve(self.schemas, file, pointer), file))
            self.refs[key] = cell[0]
        return self.refs[key]

    def compile(self, schema: Any, base: str) -> Check:  # noqa: C901, PLR0912 — a dispatch over the JSON Schema keywords our schemas use
        if schema is True:
            return _always
        if schema is False:
            return lambda x: False
        keys = set(schema) - ANNOTATIONS
        if keys - _KEYWORDS:
            raise ValueError(f"schemat använder nyckelord som snabbkontrollen inte kan: {sorted(keys - _KEYWORDS)}")
        types = schema.get("type")
        checks: list[Check] = []
        done: set[str] = set()
        if types == "object" or (keys & _OBJECT_KEYS):
            checks.append(self._object(schema, base, must_be=types == "object"))
            done |= _OBJECT_KEYS | ({"type"} if types == "object" else set())
        elif types == "array" or (keys & _ARRAY_KEYS):
            checks.append(self._array(schema, base, must_be=types == "array"))
            done |= _ARRAY_KEYS | ({"type"} if types == "array" else set())
        elif types == "string" or (keys & (_STRING_KEYS | {"enum"})):
            checks.append(self._string(schema))
            done |= _STRING_KEYS | {"enum"} | ({"type"} if types == "string" else set())
        elif keys & _NUMBER_KEYS:
            checks.append(self._number(schema))
            done |= _NUMBER_KEYS | ({"type"} if types in ("number", "integer") else set())
        if types is not None and "type" not in done:
            checks.append(self._type(types, "format" in schema))
        if "enum" in keys and "enum" not in done:
            checks.append(self._enum(schema["enum"]))
        if keys & _STRING_KEYS and "pattern" not in done:
            checks.append(self._string({k: schema[k] for k in keys & _STRING_KEYS}))
        if keys & _NUMBER_KEYS and "minimum" not in done:
            checks.append(self._number({k: schema[k] for k in keys & _NUMBER_KEYS}))
        if "const" in keys:
            value = schema["const"]
            checks.append(lambda x: _equal(value, x))
        if "$ref" in keys:
            checks.append(self.ref(base, schema["$ref"]))
        if "anyOf" in keys:
            checks.append(_any([self.compile(s, base) for s in schema["anyOf"]]))
        if "oneOf" in keys:
            choices = [self.compile(s, base) for s in schema["oneOf"]]
            checks.append(lambda x: sum(1 for c in choices if c(x)) == 1)
        return _all(checks)

    @staticmethod
    def _type(types: str | list[str], has_format: bool) -> Check:
        names = [types] if isinstance(types, str) else list(types)
        preds = [_TYPES[n] for n in names]
        if "string" in names and not has_format:
            preds.append(_is_number)
        return preds[0] if len(preds) == 1 else _any(preds)

    @staticmethod
    def _enum(values: list[Any]) -> Check:
        if all(isinstance(v, str) for v in values):
            allowed = frozenset(values)
            return lambda x: isinstance(x, str) and x in allowed
        return lambda x: any(_equal(v, x) for v in values)

    def _string(self, schema: Mapping[str, Any]) -> Check:
        """type (if "string"), enum, pattern, minLength and format in one closure."""
        typed = schema.get("type") == "string"
        lenient = typed and "format" not in schema
        enum = self._enum(schema["enum"]) if "enum" in schema else None
        rx = re.compile(schema["pattern"]) if "pattern" in schema else None
        min_len = schema.get("minLength", 0)
        fmt = schema.get("format")
        conforms = _conforms

        def check(x: object) -> bool:
            if enum is not None and not enum(x):
                return False
            if not isinstance(x, str):
                return not typed or (lenient and _is_number(x))
            if len(x) < min_len or (rx is not None and rx.search(x) is None):
                return False
            return fmt is None or conforms(x, fmt)
        return check

    @staticmethod
    def _number(schema: Mapping[str, Any]) -> Check:
        """type (if "number" or "integer"), minimum, maximum and exclusiveMinimum in one closure."""
        types = schema.get("type")
        typed = _TYPES[types] if types in ("number", "integer") else None
        low, high = schema.get("minimum"), schema.get("maximum")
        above = schema.get("exclusiveMinimum")

        def check(x: Any) -> bool:
            if typed is not None and not typed(x):
                return False
            if not _is_number(x):
                return True
            # Written as jsonschema writes them, so that NaN passes here exactly when it passes there.
            return not ((low is not None and x < low) or (high is not None and x > high)
                        or (above is not None and x <= above))
        return check

    def _array(self, schema: Mapping[str, Any], base: str, must_be: bool) -> Check:
        item = self.compile(schema["items"], base) if "items" in schema else None
        min_items = schema.get("minItems", 0)

        def check(x: object) -> bool:
            if not isinstance(x, list):
                return not must_be
            if len(x) < min_items:
                return False
            if item is not None:
                for v in x:
                    if not item(v):
                        return False
            return True
        return check

    def _object(self, schema: Mapping[str, Any], base: str, must_be: bool) -> Check:
        props = {k: self.compile(v, base) for k, v in schema.get("properties", {}).items()}
        required = tuple(schema.get("required", ()))
        extra = schema.get("additionalProperties", True)
        extra_check = None if extra is False else self.compile(extra, base)
        if "patternProperties" in schema:
            return self._patterned(schema, base, must_be, props, required, extra_check)

        def check(x: object) -> bool:
            if not isinstance(x, dict):
                return not must_be
            for key in required:
                if key not in x:
                    return False
            for key, value in x.items():
                known = props.get(key)
                if known is None:
                    if extra_check is None or not extra_check(value):
                        return False
                elif not known(value):
                    return False
            return True
        return check

    def _patterned(self, schema: Mapping[str, Any], base: str, must_be: bool, props: dict[str, Check],  # noqa: C901 — patternProperties and additionalProperties decided per key, in the hot loop
                   required: tuple[str, ...], extra_check: Check | None) -> Check:
        patterns = [(re.compile(p), self.compile(v, base)) for p, v in schema["patternProperties"].items()]
        # The same few period keys recur in every document: remember which patterns each key matched.
        seen: dict[str, tuple[Check, ...]] = {}

        def matching(key: str) -> tuple[Check, ...]:
            hit = seen.get(key)
            if hit is None:
                hit = tuple(sub for rx, sub in patterns if rx.search(key) is not None)
                if len(seen) < 4096:
                    seen[key] = hit
            return hit

        def check(x: object) -> bool:
            if not isinstance(x, dict):
                return not must_be
            for key in required:
                if key not in x:
                    return False
            for key, value in x.items():
                if not isinstance(key, str):
                    return False  # only the full validator (after the keys are made text) may judge this
                known = props.get(key)
                if known is not None and not known(value):
                    return False
                subs = matching(key)
                for sub in subs:
                    if not sub(value):
                        return False
                if known is None and not subs and (extra_check is None or not extra_check(value)):
                    return False
            return True
        return check


@cache
def _fast_checks() -> dict[DocKind, Check]:
    compiler = _Compiler(load_schemas())
    return {kind: compiler.compile(schema_for(kind), file_name(kind)) for kind in DocKind}


def is_valid(kind: DocKind, doc: object) -> bool:
    """The fast answer alone: does the document satisfy its schema (with the number-as-text allowance)?"""
    return _fast_checks()[kind](doc)


def check_document(kind: DocKind, doc: object) -> list[SchemaProblem]:
    """Every schema problem of one document, in document order; [] for a valid one."""
    if _fast_checks()[kind](doc):
        return []
    from styr.load.schema_detail import problems  # jsonschema only for the documents that fail

    return problems(kind, doc)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)


def _conforms(value: object, fmt: str) -> bool:
    """The formats our schemas use, checked as jsonschema's format checker does (only `date` so far)."""
    if fmt != "date" or not isinstance(value, str):
        return True
    if _DATE.match(value) is None:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
