"""Check loaded documents against the shipped JSON Schemas: a fast yes/no first, Swedish problems after."""

from __future__ import annotations

import json
import numbers
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from styr.resources import data_dir
from styr.suggest import closest


class DocKind(StrEnum):
    """The kinds of YAML file in a goal repository, each with its own schema."""

    STYRMODELL = "styrmodell"
    VISION = "vision"
    STYRKORT = "styrkort"
    MAL = "mal"
    AKTIVITET = "aktivitet"


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """One schema violation, positioned by its path inside the document (see `key_problem`)."""

    code: str
    path: tuple[str | int, ...]
    key_problem: bool
    message: str
    hint: str


COMMON = "gemensamt.schema.json"
_NOUN = {DocKind.STYRMODELL: "styrmodell", DocKind.VISION: "vision", DocKind.STYRKORT: "styrkort",
         DocKind.MAL: "mål", DocKind.AKTIVITET: "aktivitet"}
_ANNOTATIONS = frozenset({"$schema", "$defs", "$comment", "title", "description", "markdownDescription",
                          "enumDescriptions", "markdownEnumDescriptions", "default", "examples",
                          "patternErrorMessage"})
"""Keywords that never affect validity; everything else in a schema must be known to the fast check."""


def file_name(kind: DocKind) -> str:
    return f"{kind.value}.schema.json"


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """Every shipped schema by file name, read once. Treat the result as read-only."""
    folder = data_dir("schemas")
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.schema.json"))}


def schema_for(kind: DocKind) -> dict[str, Any]:
    return load_schemas()[file_name(kind)]


@cache
def _registry() -> Registry[Any]:
    # Every $ref is a relative file name, so a registry keyed by file name resolves them all offline.
    return Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in load_schemas().items()
    )


def _number_as_text(types: object, instance: object, schema: Mapping[str, Any]) -> bool:
    """The allowance: a number where text is meant is read as its text (`titel: 2030`), but not as a date."""
    expected = [types] if isinstance(types, str) else types
    return (isinstance(expected, list) and "string" in expected and "format" not in schema
            and isinstance(instance, numbers.Number) and not isinstance(instance, bool))


_STRICT_TYPE = Draft202012Validator.VALIDATORS["type"]


def _lenient_type(validator: Validator, types: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if _number_as_text(types, instance, schema):
        return
    yield from _STRICT_TYPE(validator, types, instance, schema)


# Applying the allowance inside the `type` keyword (not by filtering errors afterwards) keeps it right
# under anyOf too, where a filtered-out branch error would still have failed the whole anyOf.
_Lenient: type[Validator] = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, validators={"type": _lenient_type})


@cache
def _validator(kind: DocKind) -> Validator:
    return _Lenient(_inline(schema_for(kind), file_name(kind), ()), registry=_registry(),
                    format_checker=Draft202012Validator.FORMAT_CHECKER)


def _inline(node: Any, base: str, stack: tuple[str, ...]) -> Any:
    """A copy of a schema with each $ref replaced by its target, its own annotations (title ...) on top.

    jsonschema resolves a $ref on every visit, which was half of its time; the result is the same schema.
    A $ref next to validation keywords, or one that recurses, stays, made absolute for the registry.
    """
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "patternProperties"):
            out[key] = {k: _inline(v, base, stack) for k, v in value.items()}
        elif key in ("items", "additionalProperties"):
            out[key] = _inline(value, base, stack)
        elif key in ("anyOf", "oneOf", "allOf"):
            out[key] = [_inline(v, base, stack) for v in value]
        elif key != "$defs":
            out[key] = value
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return out
    file, _, pointer = ref.partition("#")
    target = f"{file or base}#{pointer}"
    if target in stack or set(node) - {"$ref"} - _ANNOTATIONS:
        out["$ref"] = target
        return out
    resolved = _inline(_resolve(load_schemas(), file or base, pointer), file or base, (*stack, target))
    del out["$ref"]
    return {**resolved, **out} if isinstance(resolved, dict) else resolved


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
            self.refs[key] = lambda x: cell[0](x)  # a stand-in while a recursive definition compiles
            cell.append(self.compile(_resolve(self.schemas, file, pointer), file))
            self.refs[key] = cell[0]
        return self.refs[key]

    def compile(self, schema: Any, base: str) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return lambda x: False
        keys = set(schema) - _ANNOTATIONS
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
        conforms = Draft202012Validator.FORMAT_CHECKER.conforms

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

    def _patterned(self, schema: Mapping[str, Any], base: str, must_be: bool, props: dict[str, Check],
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


def _resolve(schemas: Mapping[str, Any], file: str, pointer: str) -> Any:
    node: Any = schemas[file]
    for part in filter(None, pointer.split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


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
    doc = _text_keys(doc)
    problems: list[SchemaProblem] = []
    for error in _validator(kind).iter_errors(doc):  # type: ignore[arg-type]
        problems.extend(_translate(error, kind))
    order = _document_order(doc)
    unique = {(p.code, p.path, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (order.get(p.path, len(order)), p.code))


def _text_keys(value: object) -> Any:
    """Keys as text; the loader already does this, but jsonschema would crash on an int key."""
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            changed = {k: _text_keys(v) for k, v in value.items()}
            return changed if any(changed[k] is not value[k] for k in value) else value
        return {str(k): _text_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_text_keys(v) for v in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value


def _document_order(doc: object) -> dict[tuple[str | int, ...], int]:
    order: dict[tuple[str | int, ...], int] = {}

    def walk(node: object, path: tuple[str | int, ...]) -> None:
        order[path] = len(order)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(doc, ())
    return order


# --- Translating jsonschema's errors into Swedish problems. ---------------------------------------------

_PERIOD_FORMS = ("Perioder skrivs 2027 (helår), 2027-H1/H2 (halvår), 2027-T1..T3 (tertial), 2027-Q1..Q4 "
                 "(kvartal), 2027-M01..M12 (månad), 2026/27 (läsår) eller 2026/27-HT/VT (termin).")
_RULE_CODE = "^[A-Z][0-9]{2}$"
_SYNONYMS = {"fel": "error", "varning": "warning", "information": "info", "avstängd": "av", "off": "av",
             "yes": "ja", "no": "nej", "true": "ja", "false": "nej"}
"""Words a Swedish writer may use for an allowed value that difflib would not find."""


@cache
def _period_pattern() -> str:
    return str(load_schemas()[COMMON]["$defs"]["period"]["pattern"])


def _expected_noun(name: str) -> str:
    return {"string": "text", "number": "ett tal", "integer": "ett heltal", "boolean": "true eller false",
            "object": "en mappning (nyckel: värde)", "array": "en lista", "null": "tomt"}.get(name, name)


def _actual_noun(value: object) -> str:
    if value is None:
        return "tomt"
    if isinstance(value, bool):
        return "ett sanningsvärde (true/false)"
    if isinstance(value, numbers.Number):
        return "ett tal"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "en mappning"
    if isinstance(value, list):
        return "en lista"
    return type(value).__name__


def _is_period(text: object) -> bool:
    return isinstance(text, str) and re.search(_period_pattern(), text) is not None


def _name(path: tuple[str | int, ...]) -> str:
    """How a message names the value at `path`: 'vikt', 'målvärde' för 2026, post 2 i 'mål'."""
    if not path:
        return "dokumentet"
    last = path[-1]
    if isinstance(last, int):
        return f"post {last + 1} i {_name(path[:-1])}"
    if len(path) >= 2 and isinstance(path[-2], str) and _is_period(last):
        return f"'{path[-2]}' för {last}"
    return f"'{last}'"


def _where(error: ValidationError, kind: DocKind) -> str:
    """The mapping a key is missing from or unknown in: 'mål', 'indikator (post 1 i 'indikatorer')'."""
    path = tuple(error.absolute_path)
    if not path:
        return _NOUN[kind]
    title = str(error.schema.get("title", "")).lower() if isinstance(error.schema, dict) else ""
    named = _name(path)
    return f"{title} ({named})" if title and f"'{title}'" != named else named


def _show(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def _describe(schema: object) -> str:
    if isinstance(schema, dict):
        for key in ("patternErrorMessage", "description"):
            if schema.get(key):
                return _sentence(str(schema[key]))
    return ""


def _translate(error: ValidationError, kind: DocKind) -> list[SchemaProblem]:
    path = tuple(error.absolute_path)
    schema: Any = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    keyword = error.validator
    if keyword == "required":
        return _missing(error, kind, path, schema)
    if keyword == "additionalProperties":
        return _unknown_keys(error, kind, path, schema)
    if keyword == "type":
        return [_wrong_type(path, schema, value)]
    if keyword in ("anyOf", "oneOf"):
        return _alternatives(error, kind, path, schema)
    return [_invalid_value(str(keyword), path, schema, value, error.validator_value)]


def _missing(error: ValidationError, kind: DocKind, path: tuple[str | int, ...], schema: Any) -> list[SchemaProblem]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    props = schema.get("properties", {})
    out = []
    for key in schema.get("required", ()):
        if key not in instance:
            hint = _describe(props.get(key))
            out.append(SchemaProblem("F01", path, False, f"Obligatorisk nyckel '{key}' saknas i {_where(error, kind)}.",
                                     f"Lägg till '{key}'. {hint}".strip()))
    return out


def _unknown_keys(error: ValidationError, kind: DocKind, path: tuple[str | int, ...],
                  schema: Any) -> list[SchemaProblem]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    allowed = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    out = []
    for key in instance:
        if key in allowed or any(re.search(p, key) for p in patterns):
            continue
        where = (*path, key)
        if _period_pattern() in patterns:
            guess = _period_guess(key)
            hint = (f"Menade du '{guess}'? " if guess else "") + _PERIOD_FORMS
            out.append(SchemaProblem("F06", where, True, f"Ogiltig period '{key}' i {_name(path)}.", hint))
        elif _RULE_CODE in patterns:
            guess = key.strip().upper()
            hint = f"Menade du '{guess}'? " if re.search(_RULE_CODE, guess) else ""
            out.append(SchemaProblem("F03", where, True, f"Okänd regelkod '{key}'.",
                                     hint + "Regelkoder är en versal och två siffror, t.ex. S07 (se styr explain)."))
        else:
            out.append(SchemaProblem("F03", where, True, f"Okänd nyckel '{key}' i {_where(error, kind)}.",
                                     _key_hint(key, allowed, str(schema.get("title", "")))))
    return out


_KEY_SYNONYMS = {"namn": "titel", "titel": "namn", "rubrik": "titel", "text": "beskrivning",
                 "mål": "bidrar_till", "deadline": "slut", "ansvar": "ansvarig"}


def _key_hint(key: str, allowed: list[str], here: str) -> str:
    """'Menade du …?' by spelling or a common synonym; else where the key belongs; else the allowed keys."""
    hit = closest(key, allowed)
    if hit is None and _KEY_SYNONYMS.get(key.strip().casefold()) in allowed:
        hit = _KEY_SYNONYMS[key.strip().casefold()]
    if hit is not None:
        return f"Menade du '{hit}'?"
    homes = sorted(t for t in _key_homes().get(key, ()) if t != here.lower())
    listing = "Tillåtna nycklar här: " + ", ".join(allowed) + "."
    if 0 < len(homes) <= 2:
        return f"'{key}' hör hemma i {' eller '.join(homes)}, inte här. {listing}"
    return listing


@cache
def _key_homes() -> dict[str, frozenset[str]]:
    """For each key of any schema, the (lower-case) titles of the mappings that allow it."""
    homes: dict[str, set[str]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in node.get("properties", {}):
                if node.get("title"):
                    homes.setdefault(key, set()).add(str(node["title"]).lower())
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_schemas())
    return {k: frozenset(v) for k, v in homes.items()}


def _period_guess(key: str) -> str | None:
    """A canonical period close to a miswritten one: '2026-q1' → '2026-Q1', '2026/2027' → '2026/27'."""
    text = key.strip().upper().replace("–", "-").replace(" ", "-").replace("_", "-")
    text = re.sub(r"^(\d{4})-?M(\d)$", r"\g<1>-M0\2", text)
    text = re.sub(r"^(\d{4})-?([HTQM])", r"\1-\2", text)
    text = re.sub(r"^(\d{4})[-/](\d{2})(\d{2})?(?=$|-)", lambda m: f"{m[1]}/{m[3] or m[2]}", text)
    return text if text != key and _is_period(text) else None


def _wrong_type(path: tuple[str | int, ...], schema: Any, value: object) -> SchemaProblem:
    types = schema.get("type", [])
    names = [types] if isinstance(types, str) else list(types)
    if schema.get("pattern") == _period_pattern():
        expected = "en period (t.ex. 2026 eller 2026-H1)"
    elif schema.get("format") == "date":
        expected = "ett datum (ÅÅÅÅ-MM-DD)"
    else:
        expected = " eller ".join(_expected_noun(n) for n in names if n != "integer" or "string" not in names)
    if not path:
        return SchemaProblem("F02", path, False, f"Dokumentet ska vara {expected}, inte {_actual_noun(value)}.",
                             "Skriv filen som nycklar med värden, en per rad: 'nyckel: värde'.")
    message = f"Fel typ: {_name(path)} ska vara {expected}, inte {_actual_noun(value)}."
    return SchemaProblem("F02", path, False, message, _type_hint(names, schema, value))


def _type_hint(names: list[str], schema: Any, value: object) -> str:
    if value is None:
        return "Värdet är tomt. Skriv ett värde efter kolonet eller ta bort raden."
    if "string" in names and isinstance(value, bool):
        return f"Sätt texten inom citattecken, t.ex. \"{str(value).lower()}\"."
    if "number" in names and isinstance(value, str):
        if re.fullmatch(r"\s*-?\d+,\d+\s*", value):
            return f"Använd punkt som decimaltecken: {value.strip().replace(',', '.')}."
        return "Skriv talet utan citattecken, enheter eller procenttecken, t.ex. 85 eller 0.5."
    if names == ["array"] and not isinstance(value, dict | list):
        return f"Skriv en lista, t.ex. [{value}]."
    return _describe(schema) or "Ändra värdet till rätt typ."


def _alternatives(error: ValidationError, kind: DocKind, path: tuple[str | int, ...],
                  schema: Any) -> list[SchemaProblem]:
    # Branches whose type fits the value are the ones the writer meant; descend into a mapping or list
    # when exactly one fits (samordnare as a person with a misspelt key), else explain the alternatives.
    failed_type: set[int] = set()
    by_branch: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branch = int(sub.relative_schema_path[0])
        by_branch.setdefault(branch, []).append(sub)
        if sub.validator == "type" and not sub.relative_path:
            failed_type.add(branch)
    fitting = [b for b in by_branch if b not in failed_type]
    hint = _describe(schema)
    if len(fitting) == 1 and isinstance(error.instance, dict | list):
        out = [p for sub in by_branch[fitting[0]] for p in _translate(sub, kind)]
        if out:
            return out
    if not fitting:
        actual = _actual_noun(error.instance)
        return [SchemaProblem("F02", path, False, f"Fel typ: {_name(path)} kan inte vara {actual} här.", hint)]
    return [SchemaProblem("F05", path, False, f"Ogiltigt värde {_show(error.instance)} för {_name(path)}.", hint)]


def _invalid_value(keyword: str, path: tuple[str | int, ...], schema: Any, value: object,
                   limit: Any) -> SchemaProblem:
    name = _name(path)
    if schema.get("pattern") == _period_pattern():
        guess = _period_guess(value) if isinstance(value, str) else None
        hint = (f"Menade du '{guess}'? " if guess else "") + _PERIOD_FORMS
        return SchemaProblem("F06", path, False, f"Ogiltig period {_show(value)} för {name}.", hint)
    if keyword == "enum":
        options = [str(v) for v in limit]
        hit = None
        if isinstance(value, str):
            hit = _SYNONYMS.get(value.strip().casefold())
            hit = hit if hit in options else closest(value, options)
        hint = (f"Menade du '{hit}'? " if hit else "") + "Tillåtna värden: " + ", ".join(options) + "."
        return SchemaProblem("F05", path, False, f"Ogiltigt värde {_show(value)} för {name}.", hint)
    if keyword == "format" and limit == "date":
        return SchemaProblem("F05", path, False, f"Ogiltigt datum {_show(value)} för {name}.",
                             "Skriv datum som ÅÅÅÅ-MM-DD med en dag som finns, t.ex. 2026-01-31.")
    if keyword == "minimum":
        message = f"Värdet {_show(value)} för {name} är mindre än {limit}."
    elif keyword == "maximum":
        message = f"Värdet {_show(value)} för {name} är större än {limit}."
    elif keyword == "exclusiveMinimum":
        message = f"Värdet {_show(value)} för {name} ska vara större än {limit}."
    elif keyword == "minItems":
        message = f"{name[0].upper()}{name[1:]} ska ha minst {limit} värde{'n' if limit != 1 else ''}."
    elif keyword == "minLength":
        message = f"{name[0].upper()}{name[1:]} får inte vara tom."
    else:
        message = f"Ogiltigt värde {_show(value)} för {name}."
    return SchemaProblem("F05", path, False, message, _describe(schema) or "Rätta värdet.")
