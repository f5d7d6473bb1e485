"""Rule cases as data: each tests/rule_cases/<CODE>.yaml breaks a copy of the minimal repo and lists the findings.

`förväntat` is the complete list: every finding the broken repository gives must be listed (matched one to one
on kod, fil and rad, and on kolumn, meddelande, tips and allvar where given), so a spurious extra finding fails
the case. `förväntat: []` says the change gives no finding at all.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile import as_ordinary_user

from styr.app.pipeline import analyse
from styr.diagnostics import Diagnostic, Severity
from styr.load.source import WorkTree
from styr.rules import all_rules
from styr.rules.registry import RULES, family

HERE = Path(__file__).parent
MINIMAL = HERE / "fixtures" / "minimal"
CASES = HERE / "rule_cases"
TODAY = date(2026, 11, 29)
CASE_FAMILIES = ("Y", "F", "K", "S", "A", "O", "E")
_CASE_KEYS = frozenset({"beskrivning", "filer", "byt", "bytes", "storlek", "förväntat", "datum", "länkar", "fifor",
                        "oläsbara"})
_EXPECT_KEYS = frozenset({"kod", "fil", "rad", "kolumn", "tips", "meddelande", "allvar"})


@dataclass(frozen=True)
class Case:
    """One lint case: how to break the repository and what must then be found."""

    code: str
    number: int
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.code}-{self.number}"


def load_cases(folder: Path = CASES) -> list[Case]:
    """Every case of every file; a file holds one case, or several under `fall:`."""
    out: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(raw, dict), f"{path.name}: roten ska vara en mappning"
        items = raw.get("fall", [raw])
        assert isinstance(items, list) and items, f"{path.name}: 'fall' ska vara en lista med minst ett fall"
        for i, item in enumerate(items, 1):
            assert isinstance(item, dict), f"{path.name}: fall {i} ska vara en mappning"
            unknown = set(item) - _CASE_KEYS
            assert not unknown, f"{path.name}: okända nycklar {sorted(unknown)}"
            out.append(Case(path.stem, i, item))
    return out


def copy_repo(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def apply_case(root: Path, data: dict[str, Any]) -> None:
    """Write, replace, delete and generate files as the case says. A replacement must match exactly once."""
    for rel, text in (data.get("filer") or {}).items():
        path = root / rel
        if text is None:
            assert path.is_file(), f"filen {rel} som ska tas bort finns inte"
            path.unlink()
            continue
        assert isinstance(text, str), f"{rel}: texten ska vara en sträng"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for swap in data.get("byt") or []:
        rel, old, new = swap["fil"], swap["från"], swap["till"]
        assert isinstance(old, str) and isinstance(new, str), f"byt i {rel}: från och till ska vara strängar"
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"byt i {rel}: {old!r} ska finnas exakt en gång"
        path.write_text(text.replace(old, new), encoding="utf-8")
    for rel, encoded in (data.get("bytes") or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(encoded))
    _apply_entries(root, data)
    big = data.get("storlek")
    if big:
        # A valid beginning followed by comment lines up to the wanted size: only the size is wrong.
        head = (root / big["fil"]).read_bytes() if big.get("behåll", True) else b""
        filler = b"# " + b"x" * 97 + b"\n"
        count = max(0, (int(big["byte"]) - len(head)) // len(filler) + 1)
        (root / big["fil"]).write_bytes(head + filler * count)


def _apply_entries(root: Path, data: dict[str, Any]) -> None:
    """Entries that are not plain files: symbolic links (path: target, as written), FIFOs, unreadable folders."""
    for rel, target in (data.get("länkar") or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(target)
    for rel in data.get("fifor") or []:
        os.mkfifo(root / rel)
    for rel in data.get("oläsbara") or []:
        (root / rel).chmod(0)


def run_case(root: Path, data: dict[str, Any]) -> list[Diagnostic]:
    today = date.fromisoformat(str(data["datum"])) if data.get("datum") else TODAY
    with as_ordinary_user():
        diags = list(analyse(WorkTree(root), today).diagnostics)
    for rel in data.get("oläsbara") or []:
        (root / rel).chmod(0o755)  # so that the temporary folder can be removed
    return diags


def looks_swedish(text: str) -> bool:
    """Readable text, not a Python repr or a traceback."""
    return (bool(re.search(r"[A-Za-zÅÄÖåäö]", text)) and "Traceback" not in text
            and not re.search(r"<[\w.]+ object at 0x", text) and "Error(" not in text)


def matches(d: Diagnostic, want: dict[str, Any]) -> bool:
    if (d.code, d.path, d.line) != (want["kod"], want["fil"], want["rad"]):
        return False
    if "kolumn" in want and d.column != want["kolumn"]:
        return False
    if "allvar" in want and d.severity != Severity(want["allvar"]):
        return False
    if "tips" in want and want["tips"] not in d.hint:
        return False
    return "meddelande" not in want or want["meddelande"] in d.message


def show(diags: list[Diagnostic]) -> str:
    return "\n".join(f"  {d.code} {d.path}:{d.line}:{d.column} {d.message} | {d.hint}" for d in diags) or "  (inga)"


def _pairs(diags: list[Diagnostic], wanted: list[dict[str, Any]]) -> dict[int, int]:
    """A one-to-one matching of expectations to findings (expectation index → finding index), as large as
    possible: two findings on one line need two expectations."""
    owner: dict[int, int] = {}

    def place(w: int, tried: set[int]) -> bool:
        for i, d in enumerate(diags):
            if i in tried or not matches(d, wanted[w]):
                continue
            tried.add(i)
            if i not in owner or place(owner[i], tried):
                owner[i] = w
                return True
        return False

    for w in range(len(wanted)):
        place(w, set())
    return {w: i for i, w in owner.items()}


def check_expectations(diags: list[Diagnostic], data: dict[str, Any]) -> None:
    """The findings are exactly those listed under `förväntat` (one to one), and no text is junk."""
    assert "förväntat" in data, "fallet ska lista sina fynd under 'förväntat' ([] för inga)"
    wanted = data["förväntat"] or []
    for want in wanted:
        unknown = set(want) - _EXPECT_KEYS
        assert not unknown, f"okända nycklar i förväntat: {sorted(unknown)}"
        assert {"kod", "fil", "rad"} <= set(want), f"förväntat ska ange minst kod, fil och rad: {want}"
    paired = _pairs(diags, wanted)
    missing = [w for i, w in enumerate(wanted) if i not in paired]
    extra = [d for i, d in enumerate(diags) if i not in paired.values()]
    assert not missing, f"förväntade {missing}, fick:\n{show(diags)}"
    assert not extra, f"fynd som fallet inte listar:\n{show(extra)}"
    for d in diags:
        assert d.code != "X01", f"internt fel:\n{show(diags)}"
        assert looks_swedish(d.message), f"meddelandet ser inte ut som text: {d.message!r}"
        assert looks_swedish(d.hint), f"tipset saknas eller ser inte ut som text för {d.code}: {d.hint!r}"


ALL_CASES = load_cases()


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_rule_case(case: Case, tmp_path: Path) -> None:
    root = copy_repo(MINIMAL, tmp_path / "repo")
    apply_case(root, case.data)
    diags = run_case(root, case.data)
    check_expectations(diags, case.data)


def test_every_case_file_shows_its_rule() -> None:
    """Each <CODE>.yaml has a case whose findings include CODE (the others may show where it stays quiet)."""
    shown = {c.code for c in ALL_CASES for want in c.data.get("förväntat") or [] if want.get("kod") == c.code}
    assert shown == {c.code for c in ALL_CASES}, sorted({c.code for c in ALL_CASES} - shown)


def test_minimal_repository_has_no_findings() -> None:
    diags = analyse(WorkTree(MINIMAL), TODAY).diagnostics
    assert diags == (), show(list(diags))


def _registered(families: tuple[str, ...]) -> Iterator[str]:
    all_rules.load()
    return (code for code in RULES if family(code) in families)


def test_every_rule_has_a_case_file() -> None:
    codes = list(_registered(CASE_FAMILIES))
    assert len(codes) >= 45  # Y01–Y07, F01–F06, K01–K09, S01–S10, A01–A06, O01–O07
    missing = [code for code in codes if not (CASES / f"{code}.yaml").is_file()]
    assert not missing, f"regler utan fall i tests/rule_cases/: {missing}"


def test_every_case_file_names_a_registered_rule() -> None:
    all_rules.load()
    stray = [p.name for p in CASES.glob("*.yaml") if p.stem not in RULES]
    assert not stray, f"fallfiler för okända regelkoder: {stray}"


def _with_rules(root: Path, rules: str) -> None:
    model = root / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8") + "regler:\n" + rules, encoding="utf-8")


S07_CASE: dict[str, Any] = {"byt": [{"fil": "kommun/nämnd/verksamhet/mål/bun-v-m1.yaml",
                                     "från": "2026: 14}", "till": "2026: 40}"}]}


def test_rule_configuration_changes_severity(tmp_path: Path) -> None:
    root = copy_repo(MINIMAL, tmp_path / "repo")
    apply_case(root, S07_CASE)
    before = [d for d in run_case(root, {}) if d.code == "S07"]
    assert before and all(d.severity is Severity.WARNING for d in before)
    _with_rules(root, "  S07: error\n")
    after = [d for d in run_case(root, {}) if d.code == "S07"]
    assert [(d.path, d.line) for d in after] == [(d.path, d.line) for d in before]
    assert all(d.severity is Severity.ERROR for d in after)


def test_rule_configuration_turns_a_rule_off(tmp_path: Path) -> None:
    root = copy_repo(MINIMAL, tmp_path / "repo")
    apply_case(root, S07_CASE)
    (root / "kommun/nämnd/verksamhet/enhet/aktiviteter/bun-v-e-a1.yaml").unlink()  # A05, info
    _with_rules(root, "  S07: av\n  A05: av\n  K09: info\n")
    diags = run_case(root, {})
    assert not [d for d in diags if d.code in ("S07", "A05")], show(diags)
    assert diags == [], show(diags)


def test_unknown_rule_code_in_configuration_is_reported(tmp_path: Path) -> None:
    root = copy_repo(MINIMAL, tmp_path / "repo")
    _with_rules(root, "  s07: av\n")  # a rule's name is lower case: no rule has this one, and S07 is meant
    diags = run_case(root, {})
    assert [(d.code, d.path) for d in diags] == [("F05", "styrmodell.yaml")], show(diags)
    assert "'S07'" in diags[0].hint
    root = copy_repo(MINIMAL, tmp_path / "repo2")
    _with_rules(root, "  S 07: av\n")  # neither a code nor a name: the schema's
    diags = run_case(root, {})
    assert [(d.code, d.path) for d in diags] == [("F03", "styrmodell.yaml")], show(diags)


def test_a_rule_may_be_configured_by_its_readable_name(tmp_path: Path) -> None:
    # As sqlfluff's: the name beside the code in every output (SARIF, JSON, styr explain) works in `regler:` too.
    root = copy_repo(MINIMAL, tmp_path / "repo")
    apply_case(root, S07_CASE)
    s07 = RULES["S07"].name
    _with_rules(root, f"  {s07}: error\n")
    assert [d.severity for d in run_case(root, {}) if d.code == "S07"] == [Severity.ERROR]
    # The code and the name of one rule: the later line wins.
    root = copy_repo(MINIMAL, tmp_path / "repo2")
    apply_case(root, S07_CASE)
    _with_rules(root, f"  S07: error\n  {s07}: av\n")
    assert not [d for d in run_case(root, {}) if d.code == "S07"]


def test_unknown_rule_name_in_configuration_is_reported(tmp_path: Path) -> None:
    root = copy_repo(MINIMAL, tmp_path / "repo")
    _with_rules(root, "  yaml-taggar: av\n  Mal utan aktivitet: av\n")
    diags = run_case(root, {})
    lines = len((root / "styrmodell.yaml").read_text(encoding="utf-8").splitlines())
    assert sorted((d.code, d.path, d.line) for d in diags) == [
        ("F03", "styrmodell.yaml", lines), ("F05", "styrmodell.yaml", lines - 1)], show(diags)
    hints = {d.code: d.hint for d in diags}
    assert "'yaml-tagg'" in hints["F05"] and "'mal-utan-aktivitet'" in hints["F03"]


def test_the_rule_name_pattern_is_the_schemas() -> None:
    from styr.load.schema_files import DocKind
    from styr.load.schemas import schema_for
    from styr.rules.f_format import _RULE_NAME

    patterns = list(schema_for(DocKind.STYRMODELL)["properties"]["regler"]["patternProperties"])
    assert f"^{_RULE_NAME.pattern}$" in patterns
    all_rules.load()
    assert all(_RULE_NAME.fullmatch(r.name) for r in RULES.values())
