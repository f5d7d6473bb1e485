"""Print a pip constraints file that pins every runtime dependency to its declared lower bound."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
LOWER = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def pins(dependencies: list[str]) -> list[str]:
    out = []
    for dep in dependencies:
        found = LOWER.match(dep)
        if found is None:
            sys.exit(f"{dep!r} har ingen nedre gräns (>=)")
        out.append(f"{found.group(1)}=={found.group(2)}")
    return out


if __name__ == "__main__":
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    print("\n".join(pins(project["dependencies"])))
