"""styr: mål- och resultatstyrning som text i Git."""

# The one place the version is written: pyproject.toml reads it from here (setuptools `attr:`), and
# `styr --version`, SARIF and the reports show it.
__version__ = "0.1.0"

# Where people read about styr (SARIF's informationUri). The project has no public address yet: change it
# here, in one place, when it gets one.
HOMEPAGE = "https://example.org/styr"
