"""Swedish detail for documents that fail their schema: full jsonschema validation, translated.

Only reached when the compiled check in `schemas` says no, so a valid repository never imports jsonschema.
"""

from __future__ import annotations

import json
import numbers
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from styr.load.period_words import period_guesses
from styr.load.problems import ProblemKind as Kind
from styr.load.problems import kind_order
from styr.load.schema_files import (
    ANNOTATIONS,
    COMMON,
    NOUN,
    DocKind,
    SchemaProblem,
    file_name,
    load_schemas,
    resolve,
    schema_for,
)
from styr.suggest import closest


def problems(kind: DocKind, doc: object) -> list[SchemaProblem]:
    """Every problem jsonschema finds, in Swedish, each once, in document order."""
    doc = _text_keys(doc)
    found: list[SchemaProblem] = []
    for error in _validator(kind).iter_errors(doc):  # type: ignore[arg-type]
        found.extend(_translate(error, kind))
    order = _document_order(doc)
    unique = {(p.kind, p.path, p.message): p for p in found}
    return sorted(unique.values(), key=lambda p: (order.get(p.path, len(order)), kind_order(p.kind)))


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
    if target in stack or set(node) - {"$ref"} - ANNOTATIONS:
        out["$ref"] = target
        return out
    resolved = _inline(resolve(load_schemas(), file or base, pointer), file or base, (*stack, target))
    del out["$ref"]
    return {**resolved, **out} if isinstance(resolved, dict) else resolved


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
        return NOUN[kind]
    title = str(error.schema.get("title", "")).lower() if isinstance(error.schema, dict) else ""
    named = _name(path)
    return f"{title} ({named})" if title and f"'{title}'" != named else named


def _show(value: object) -> str:
    text = f"'{value}'" if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else f"{text[:60]}…{text[-12:]}"  # a pasted essay or 5,000 digits: the ends


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
            message = f"Obligatorisk nyckel '{key}' saknas i {_where(error, kind)}."
            out.append(SchemaProblem(Kind.MISSING_KEY, path, False, message, f"Lägg till '{key}'. {hint}".strip()))
    return out


def _unknown_keys(error: ValidationError, kind: DocKind, path: tuple[str | int, ...],
                  schema: Any) -> list[SchemaProblem]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    allowed = list(schema.get("properties", {}))
    known = set(allowed)
    patterns = list(schema.get("patternProperties", {}))
    out = []
    keys = list(instance)  # once: a file may hold tens of thousands of unknown keys, each looked at in turn
    for at, key in enumerate(keys):
        if key in known or any(re.search(p, key) for p in patterns):
            continue
        where = (*path, key)
        split = _split_decimal(instance, keys, at)
        if split is not None:
            out.append(SchemaProblem(Kind.INVALID_PERIOD, where, True,
                                     f"Decimalkomma i {_name(path)}: {split[0]},{split[1]} blir två poster i en "
                                     "mappning inom { }.", f"decimalkomma – skriv {split[0]}.{split[1]}"))
        elif _period_pattern() in patterns:
            hint = _period_guess(key) + _PERIOD_FORMS
            out.append(SchemaProblem(Kind.INVALID_PERIOD, where, True, f"Ogiltig period '{key}' i {_name(path)}.",
                                     hint))
        elif _RULE_CODE in patterns:
            guess = next((g for g in ("".join(key.split()).upper(), "-".join(key.lower().split()))
                          if any(re.search(p, g) for p in patterns)), "")
            hint = f"Menade du '{guess}'? " if guess else ""
            out.append(SchemaProblem(Kind.UNKNOWN_KEY, where, True,
                                     f"Okänd regel '{key}' i regler: varken en regelkod eller ett regelnamn.",
                                     hint + "En regel anges med sin kod, en versal och två siffror (t.ex. S07), "
                                     "eller sitt namn (t.ex. mal-utan-aktivitet); styr explain listar dem."))
        else:
            out.append(SchemaProblem(Kind.UNKNOWN_KEY, where, True, f"Okänd nyckel '{key}' i {_where(error, kind)}.",
                                     _key_hint(key, allowed, str(schema.get("title", "")))))
    return out


def _split_decimal(instance: dict[str, Any], keys: list[str], at: int) -> tuple[str, str] | None:
    """`{2025: 86,5}` is read by YAML as `{2025: 86, 5: null}`: for the key `5` (digits, no value, right after
    an entry with a whole number; `keys[at]`, in the order of `instance`), the number as it was written, in its two
    parts."""
    key = keys[at]
    if not (key.isdigit() and instance[key] is None and at > 0):
        return None
    before = instance[keys[at - 1]]
    if isinstance(before, bool) or not isinstance(before, int):
        return None
    return str(before), key


def decimal_comma(value: object) -> str | None:
    """'86,5' → '86.5': a number written with a decimal comma where YAML wants a point; else None."""
    if not isinstance(value, str):
        return None
    found = re.fullmatch(r"\s*([+\-\u2212]?\d+),(\d+)\s*", value)
    return f"{found[1].replace(chr(0x2212), '-')}.{found[2]}" if found else None


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


def _period_guess(key: str) -> str:
    """'Menade du …? ' with the periods a miswritten one probably means (see period_words); '' when none."""
    guesses = period_guesses(key, _is_period)
    return f"Menade du {' eller '.join(repr(g) for g in guesses)}? " if guesses else ""


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
        return SchemaProblem(Kind.WRONG_TYPE, path, False,
                             f"Dokumentet ska vara {expected}, inte {_actual_noun(value)}.",
                             "Skriv filen som nycklar med värden, en per rad: 'nyckel: värde'.")
    message = f"Fel typ: {_name(path)} ska vara {expected}, inte {_actual_noun(value)}."
    return SchemaProblem(Kind.WRONG_TYPE, path, False, message, _type_hint(names, schema, value))


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
        return [SchemaProblem(Kind.WRONG_TYPE, path, False, f"Fel typ: {_name(path)} kan inte vara {actual} här.",
                              hint)]
    point = decimal_comma(error.instance)
    if point is not None:
        hint = f"decimalkomma – skriv {point}"
    return [SchemaProblem(Kind.INVALID_VALUE, path, False,
                          f"Ogiltigt värde {_show(error.instance)} för {_name(path)}.", hint)]


def _invalid_value(keyword: str, path: tuple[str | int, ...], schema: Any, value: object,
                   limit: Any) -> SchemaProblem:
    name = _name(path)
    if schema.get("pattern") == _period_pattern():
        hint = (_period_guess(value) if isinstance(value, str) else "") + _PERIOD_FORMS
        return SchemaProblem(Kind.INVALID_PERIOD, path, False, f"Ogiltig period {_show(value)} för {name}.", hint)
    if keyword == "enum":
        options = [str(v) for v in limit]
        hit = None
        if isinstance(value, str):
            hit = _SYNONYMS.get(value.strip().casefold())
            hit = hit if hit in options else closest(value, options)
        hint = (f"Menade du '{hit}'? " if hit else "") + "Tillåtna värden: " + ", ".join(options) + "."
        return SchemaProblem(Kind.INVALID_VALUE, path, False, f"Ogiltigt värde {_show(value)} för {name}.", hint)
    if keyword == "format" and limit == "date":
        return SchemaProblem(Kind.INVALID_VALUE, path, False, f"Ogiltigt datum {_show(value)} för {name}.",
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
    point = decimal_comma(value)
    hint = f"decimalkomma – skriv {point}" if point is not None else _describe(schema) or "Rätta värdet."
    return SchemaProblem(Kind.INVALID_VALUE, path, False, message, hint)
