"""styr: mål- och resultatstyrning som text i Git."""

__version__ = "0.1.0"
