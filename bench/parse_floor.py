"""The parse floor: read and load every .yaml file of a goal repository with libyaml's CSafeLoader, nothing more."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence

import yaml


def parse_all(repo: str) -> int:
    """Load every .yaml/.yml file under `repo` (skipping `.`/`_` folders, as styr does); return the count."""
    count = 0
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = [d for d in dirnames if not d.startswith((".", "_"))]
        for name in filenames:
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(dirpath, name), "rb") as f:
                    yaml.load(f.read().decode("utf-8"), Loader=yaml.CSafeLoader)
                count += 1
    return count


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        sys.exit("användning: python -m bench.parse_floor MÅLREPO")
    start = time.perf_counter()
    count = parse_all(args[0])
    print(f"{count} filer på {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
