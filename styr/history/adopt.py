"""Adoptions (beslut) as annotated Git tags named `beslut/<ORGAN>/<ÅÅÅÅ-MM-DD>`, read back as plain values."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from styr.frozen import frozen
from styr.history import gitio
from styr.model.periods import PeriodError, parse_period

TAG_ROOT = "beslut"
"""All adoption tags live under refs/tags/beslut/. A second decision by the same organ on the same day
gets `-2`, `-3` … after the date."""
_ORGAN = re.compile(r"[A-Za-zÅÄÖåäöÉé0-9][A-Za-zÅÄÖåäöÉé0-9-]*\Z")
_NAME = re.compile(r"beslut/(?P<organ>[^/]+)/(?P<day>\d{4}-\d{2}-\d{2})(?:-\d+)?\Z")
_FIELD = re.compile(r"^(organ|datum|paragraf|period|avser):[ \t]*(.*?)[ \t]*$", re.M)


class AdoptionError(gitio.GitError):
    """An adoption that cannot be recorded as asked (bad organ, period, revision …)."""


@frozen
class Adoption:
    """One recorded decision. `period` is set when a bokslut or delårsbokslut was adopted (which closes the
    period); without it the organ adopted goals (mål och budget)."""

    tag: str
    organ: str
    day: date
    paragraph: str
    period: str | None
    commit: str
    note: str = ""

    @property
    def kind(self) -> str:
        """mål, bokslut or delår."""
        if self.period is None:
            return "mål"
        return "bokslut" if parse_period(self.period).is_bokslut else "delår"

    def sentence(self) -> str:
        """`KF antog målen 2026-10-23 § 123 (beslut/KF/2026-10-23)`."""
        what = "målen" if self.period is None else f"{self.kind} {self.period}"
        para = f" {self.paragraph}" if self.paragraph else ""
        return f"{self.organ} antog {what} {self.day.isoformat()}{para} ({self.tag})"

    def describe(self) -> str:
        """`bokslut 2025 antaget av KF 2026-04-20 § 45 (beslut/KF/2026-04-20)`."""
        what = "målen" if self.period is None else f"{self.kind} {self.period}"
        para = f" {self.paragraph}" if self.paragraph else ""
        verb = "antagna" if self.period is None else "antaget"
        return f"{what} {verb} av {self.organ} {self.day.isoformat()}{para} ({self.tag})"


def check_period(value: str) -> str:
    """The canonical text of a period that can be adopted: a bokslut (helår, läsår) or a delår (H1, HT)."""
    try:
        p = parse_period(value)
    except PeriodError as exc:
        raise AdoptionError(str(exc)) from exc
    if not (p.is_bokslut or p.is_delar):
        raise AdoptionError(f"Perioden {p.text} kan inte antas: bara bokslut (helår, läsår) och delårsbokslut "
                            f"(H1, HT) beslutas av ett organ.")
    return p.text


def message(organ: str, day: date, paragraph: str, period: str | None, note: str = "") -> str:
    """The tag message: a readable first line, then fields that styr reads back."""
    what = "mål och budget" if period is None else \
        f"{'bokslut' if parse_period(period).is_bokslut else 'delårsbokslut'} {period}"
    lines = [f"Beslut i {organ} {day.isoformat()}{' ' + paragraph if paragraph else ''}: {what}", "",
             f"organ: {organ}", f"datum: {day.isoformat()}", f"paragraf: {paragraph}"]
    if period is not None:
        lines.append(f"period: {period}")
    if note.strip():
        lines += ["", note.strip()]
    return "\n".join(lines) + "\n"


def parse_tag(tag: gitio.TagRecord) -> Adoption | None:
    """An adoption from a tag under beslut/; tags made by hand without fields fall back on the name."""
    m = _NAME.match(tag.name)
    fields = {k: v for k, v in _FIELD.findall(tag.message)}
    organ = fields.get("organ") or (m.group("organ") if m else "")
    raw_day = fields.get("datum") or (m.group("day") if m else "")
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        return None
    period: str | None = None
    if fields.get("period"):
        try:
            period = check_period(fields["period"])
        except AdoptionError:
            return None
    if not organ:
        return None
    note = tag.message.split("\n\n", 2)[2].strip() if tag.message.count("\n\n") >= 2 else ""
    return Adoption(tag.name, organ, day, fields.get("paragraf", ""), period, tag.commit, note)


def adoptions(repo: gitio.GitRepo) -> list[Adoption]:
    """Every adoption recorded in the repository, oldest decision first."""
    found = [a for t in gitio.tags(repo, TAG_ROOT) if (a := parse_tag(t)) is not None]
    return sorted(found, key=lambda a: (a.day, a.tag))


def latest(found: list[Adoption], organ: str | None = None, kind: str | None = None) -> Adoption | None:
    """The newest decision (by its date), optionally of one organ and one kind (mål, bokslut, delår)."""
    for a in reversed(found):
        if (organ is None or a.organ.casefold() == organ.casefold()) and (kind is None or a.kind == kind):
            return a
    return None


def tag_name(organ: str, day: date, taken: set[str]) -> str:
    base = f"{TAG_ROOT}/{organ}/{day.isoformat()}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


@frozen
class Adopted:
    """What `styr adopt` did, and what the user should know about it."""

    adoption: Adoption
    dirty: bool
    """The working tree had uncommitted changes: they are not part of the decision."""


def adopt(root: Path, organ: str, day: date, paragraph: str, period: str | None = None, rev: str = "HEAD",
          note: str = "") -> Adopted:
    """Record that `organ` adopted the repository as it is at `rev` (the goals, or a bokslut/delår when
    `period` is given) as an annotated tag. Raises gitio.GitError with a Swedish message."""
    organ = organ.strip()
    if not _ORGAN.match(organ):
        raise AdoptionError(f"'{organ}' kan inte vara ett organ i ett taggnamn: använd bokstäver, siffror och "
                            "bindestreck, t.ex. KF eller BUN.")
    canonical = check_period(period) if period else None
    repo = gitio.open_repo(root)
    commit = gitio.resolve(repo, rev)
    records = gitio.tags(repo, f"{TAG_ROOT}/{organ}")
    for earlier in filter(None, map(parse_tag, records)):
        if (earlier.organ, earlier.day, earlier.period, earlier.commit) == (organ, day, canonical, commit):
            # Run twice (a retried CI job, a second try after a failed push): one decision, one tag.
            raise AdoptionError(f"beslutet finns redan: {earlier.describe()}. Inget ändrades. "
                                f"Är taggen fel, ta bort den med 'git tag -d {earlier.tag}' och registrera igen.")
    taken = {t.name for t in records}
    name = tag_name(organ, day, taken)
    if not gitio.valid_tag_name(repo, name):
        raise AdoptionError(f"'{name}' är inget giltigt taggnamn i Git.")
    text = message(organ, day, paragraph.strip(), canonical, note)
    gitio.create_tag(repo, name, commit, text)
    dirty = rev == "HEAD" and gitio.dirty(repo)
    return Adopted(Adoption(name, organ, day, paragraph.strip(), canonical, commit, note.strip()), dirty)


def resolve_adoption_rev(repo: gitio.GitRepo, spec: str) -> str | None:
    """`beslut` or `beslut/<ORGAN>` names the newest adoption (of that organ): its tag, else None."""
    if spec == TAG_ROOT or (spec.startswith(f"{TAG_ROOT}/") and spec.count("/") == 1):
        organ = spec.partition("/")[2] or None
        hit = latest(adoptions(repo), organ)
        return hit.tag if hit else None
    return None
