"""The specifications vendored under tests/specs/ are exactly what was published, and each has a licence note."""

from __future__ import annotations

import hashlib
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
SPECS = CHECKOUT / "tests" / "specs"
SHARED = CHECKOUT.parent / "shared" / "specs"
NOT_SPECS = {"README.md", "SHA256SUMS"}


def vendored() -> list[str]:
    return sorted(p.name for p in SPECS.iterdir() if p.name not in NOT_SPECS)


def test_conftest_hands_out_the_vendored_specs(specs: Path) -> None:
    assert specs.resolve() == SPECS


def test_every_vendored_spec_has_a_licence_note() -> None:
    notes = (SPECS / "README.md").read_text(encoding="utf-8")
    assert vendored(), "tests/specs/ är tom"
    for name in vendored():
        row = next((line for line in notes.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"{name} saknar en rad i tests/specs/README.md"
        origin, licence = (cell.strip() for cell in row.split(" | ")[1:3])
        assert origin and licence, name


def test_vendored_specs_match_the_checksums_recorded_when_copied() -> None:
    # Always checked, so a clean clone without ../shared still notices an edited spec.
    recorded = {}
    for line in (SPECS / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, name = line.split(maxsplit=1)
        recorded[name] = digest
    assert sorted(recorded) == vendored()
    for name, digest in recorded.items():
        assert hashlib.sha256((SPECS / name).read_bytes()).hexdigest() == digest, f"tests/specs/{name} har ändrats"


def test_vendored_specs_are_byte_identical_to_shared_when_it_is_beside_the_checkout() -> None:
    if not SHARED.is_dir():
        # A clean clone has no ../shared: the recorded checksums above are then the only reference.
        assert (SPECS / "SHA256SUMS").is_file()
        return
    shared = sorted(p.name for p in SHARED.iterdir() if p.is_file())
    assert shared == vendored()
    for name in shared:
        assert (SPECS / name).read_bytes() == (SHARED / name).read_bytes(), f"{name} skiljer sig från {SHARED}"
