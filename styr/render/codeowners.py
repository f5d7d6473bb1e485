"""The CODEOWNERS file, for GitHub or GitLab, from the ownership rules of the model (`styr.model.owners`)."""

from __future__ import annotations

from styr.model.owners import owner_rules
from styr.model.repository import Repository

MARKER = "# Skapad av 'styr codeowners'"
"""The first line of every CODEOWNERS that styr writes: a file without it was written by someone else."""


def render_github(repo: Repository) -> str:
    """One line per rule, in file order (a deeper unit's later line wins)."""
    return _render(repo, sections=False)


def render_gitlab(repo: Repository) -> str:
    """As for GitHub, with the lines grouped in sections named after the units."""
    return _render(repo, sections=True)


def _render(repo: Repository, sections: bool) -> str:
    lines = [MARKER + " från styrkort.yaml och styrmodell.yaml. Ändra rollerna där, inte här."]
    if not sections:
        lines.append("")
    section = None
    for rule in owner_rules(repo):
        if sections and rule.section != section:
            section = rule.section
            lines.extend(["", f"[{section.replace(']', ')').replace('[', '(')}]"])
        lines.append(f"{rule.pattern} {' '.join(rule.owners)}")
    return "\n".join(lines).rstrip("\n") + "\n"
