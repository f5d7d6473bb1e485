"""Print the README's N-th shell command (the N-th ```sh block), so CI runs it exactly as written."""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def commands(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.M | re.S)]


if __name__ == "__main__":
    print(commands(README.read_text(encoding="utf-8"))[int(sys.argv[1]) - 1])
