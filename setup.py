"""Build hook: ship the top-level schemas/ and templates/ inside the wheel as styr/_data/."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithData(build_py):
    """Copy schemas/ and templates/ into the built package, so they live at the top of the source tree."""

    def run(self) -> None:
        super().run()
        root = Path(__file__).parent
        target = Path(self.build_lib) / "styr" / "_data"
        for name in ("schemas", "templates"):
            dest = target / name
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(root / name, dest)


setup(cmdclass={"build_py": BuildWithData})
