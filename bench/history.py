"""A plausible Git history for a generated goal repository, written in one `git fast-import` stream."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import subprocess
from pathlib import Path

from bench.generate import activity_text, fill, num, q, quarter_end, quarter_start, slug, write
from bench.vocab import EFTERNAMN, FOKUS, FORNAMN, KOMMENTARER

AUTHORS = tuple(f"{f} {e}" for f, e in zip(FORNAMN[:9], EFTERNAMN[3:12], strict=True))
_FLOW_OUTCOME = re.compile(r"^    utfall: \{(.*)\}$", re.M)
_COMMENT = re.compile(r"^  (\S+): \{status: (\S+), kommentar: (.*)\}$", re.M)
_FROZEN = {"2025", "2026-Q1", "2026-Q2"}  # the bedömningar were judged on these: leave them alone


class _History:
    """Edits applied to an in-memory view of the repository, emitted as a git fast-import stream."""

    def __init__(self, repo: Path, rng: random.Random) -> None:
        self.repo, self.rng = repo, rng
        self.text: dict[str, str] = {}
        self.dirty: set[str] = set()
        self.deleted: set[str] = set()
        self.goals: list[str] = []
        self.acts: list[str] = []
        for dirpath, dirnames, filenames in os.walk(repo):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
            rel = Path(dirpath).relative_to(repo).as_posix()
            kind = rel.rsplit("/", 1)[-1]
            if kind in ("mål", "aktiviteter"):
                (self.goals if kind == "mål" else self.acts).extend(f"{rel}/{f}" for f in sorted(filenames))
        self.next_act: dict[str, int] = {}  # unit folder -> next free activity number (files are a<n>-...)
        for rel in self.acts:
            unit_dir, name = rel.rsplit("/aktiviteter/", 1)
            if m := re.match(r"a(\d+)-", name):
                self.next_act[unit_dir] = max(self.next_act.get(unit_dir, 1), int(m.group(1)) + 1)

    def read(self, rel: str) -> str:
        if rel not in self.text:
            self.text[rel] = (self.repo / rel).read_text(encoding="utf-8")
        return self.text[rel]

    def put(self, rel: str, text: str) -> None:
        self.text[rel] = text
        self.dirty.add(rel)

    def edit_outcome(self, when: dt.date) -> tuple[str, str] | None:
        rel = self.rng.choice(self.goals)
        text = self.read(rel)
        lines = list(_FLOW_OUTCOME.finditer(text))
        if not lines:
            return None
        m = self.rng.choice(lines)
        entries = [e.split(": ", 1) for e in m.group(1).split(", ")]
        editable = [k for k, (p, v) in enumerate(entries)
                    if p not in _FROZEN and _period_end(p) < when and re.fullmatch(r"[\d.]+", v)]
        if not editable:
            return None
        k = self.rng.choice(editable)
        period, value = entries[k]
        is_pct = text.rfind("enhet: procent", 0, m.start()) > text.rfind("  - id: I", 0, m.start())
        dec = len(value.split(".")[1]) if "." in value else 0
        new = max(0.0, float(value) + self.rng.choice((-1, 1)) * self.rng.randint(1, 3) * (0.1 if dec else 1))
        entries[k][1] = num(min(new, 100.0) if is_pct else new, dec)
        line = "    utfall: {" + ", ".join(f"{p}: {v}" for p, v in entries) + "}"
        self.put(rel, text[: m.start()] + line + text[m.end():])
        return rel, f"Rättat utfall {period} för {text.split(chr(10), 1)[0][4:]}"

    def edit_comment(self, when: dt.date) -> tuple[str, str] | None:
        rel = self.rng.choice(self.acts)
        text = self.read(rel)
        found = [m for m in _COMMENT.finditer(text) if quarter_start(m.group(1)) < when]
        if not found:
            return None
        m = self.rng.choice(found)
        line = f"  {m.group(1)}: {{status: {m.group(2)}, kommentar: " \
               f"{q(fill(self.rng, self.rng.choice(KOMMENTARER)), flow=True)}}}"
        self.put(rel, text[: m.start()] + line + text[m.end():])
        return rel, f"Uppföljning {m.group(1)} för {text.split(chr(10), 1)[0][4:]}"

    def edit_description(self) -> tuple[str, str]:
        rel = self.rng.choice(self.goals)
        text = self.read(rel)
        line = f"  och {fill(self.rng, self.rng.choice(FOKUS))}."
        self.put(rel, re.sub(r"^  och .*$", lambda _: line, text, count=1, flags=re.M))
        return rel, f"Förtydligad beskrivning av {text.split(chr(10), 1)[0][4:]}"

    def add_activity(self, when: dt.date) -> tuple[str, str]:
        grel = self.rng.choice(self.goals)
        gtext = self.read(grel)
        gid = gtext.split("\n", 1)[0][4:]
        perspective = re.search(r"^perspektiv: (.+)$", gtext, re.M).group(1)  # type: ignore[union-attr]
        ansvarig = re.search(r"^ansvarig: (.+)$", gtext, re.M).group(1)  # type: ignore[union-attr]
        unit_dir = grel.rsplit("/", 2)[0]
        uid = gid.rsplit("-M", 1)[0]
        n = self.next_act.get(unit_dir, 1)
        self.next_act[unit_dir] = n + 1
        name, text = activity_text(f"{uid}-A{n}", [gid], perspective, json.loads(ansvarig)
                                   if ansvarig.startswith('"') else ansvarig, when, self.rng)
        rel = f"{unit_dir}/aktiviteter/a{n}-{name}.yaml"
        self.acts.append(rel)
        self.put(rel, text)
        return rel, f"Ny aktivitet {uid}-A{n}"

    def rename_goal(self) -> tuple[str, str, str]:
        k = self.rng.randrange(len(self.goals))
        old = self.goals[k]
        folder, name = old.rsplit("/", 1)
        stem = name[:-5]
        parts = stem.split("-")
        new_stem = "-".join(parts[:3]) if len(parts) > 3 else stem + "-mal"
        new = f"{folder}/{new_stem}.yaml"
        if new in self.goals:
            new = f"{folder}/{stem}-{self.rng.randint(2, 99)}.yaml"
        self.text[new] = self.read(old)
        self.dirty.add(new)
        self.dirty.discard(old)
        self.deleted.add(old)
        self.deleted.discard(new)
        self.goals[k] = new
        return old, new, f"Byt namn på {name} till {new.rsplit('/', 1)[1]}"


def _period_end(p: str) -> dt.date:
    return quarter_end(p) if "-Q" in p else dt.date(int(p[:4]), 12, 31)


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def write_history(repo: Path, commits: int, seed: int = 1) -> None:
    """`git init` `repo` and give it `commits` commits from 2023 to 2026 by several authors (fast-import)."""
    if commits < 1:
        return
    if (repo / ".git").exists():
        raise FileExistsError(f"{repo} är redan ett git-repo")
    rng = random.Random(seed * 7919 + 17)
    hist = _History(repo, rng)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    out = proc.stdin
    first = int(dt.datetime(2023, 1, 2, 9, tzinfo=dt.UTC).timestamp())
    last = int(dt.datetime(2026, 11, 28, 16, tzinfo=dt.UTC).timestamp())
    days = sorted(rng.randint(first // 86400 + 1, last // 86400) for _ in range(commits - 1))
    # office hours (07-17 UTC), as people commit their follow-up at work
    stamps = [first, *sorted(d * 86400 + rng.randint(7 * 3600, 17 * 3600) for d in days)]
    for mark, ts in enumerate(stamps, 1):
        author = rng.choice(AUTHORS)
        who = f"{author} <{slug(author).replace('-', '.')}@kommun.example> {ts} +0100".encode()
        body, message = _first_commit(repo) if mark == 1 else _follow_up_commit(hist, rng, ts)
        out.write(f"commit refs/heads/main\nmark :{mark}\n".encode() + b"author " + who + b"\ncommitter " + who
                  + b"\n" + _data(message.encode()) + (b"from :%d\n" % (mark - 1) if mark > 1 else b""))
        out.write(b"".join(body) + b"\n")
    out.write(b"done\n")
    out.close()
    if proc.wait() != 0:
        raise RuntimeError("git fast-import misslyckades")
    for rel in hist.deleted:
        (repo / rel).unlink(missing_ok=True)  # a file renamed twice never had its middle name on disk
    for rel in hist.dirty:
        write(repo, rel, hist.text[rel])
    subprocess.run(["git", "reset", "-q"], cwd=repo, check=True)


def _first_commit(repo: Path) -> tuple[list[bytes], str]:
    """Every file of the generated repository, as the commit that starts the mandate period."""
    body: list[bytes] = []
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            path = Path(dirpath, f)
            body.append(f"M 100644 inline {path.relative_to(repo).as_posix()}\n".encode() + _data(path.read_bytes()))
    return body, "Mål och styrkort för mandatperioden 2023–2026"


def _follow_up_commit(hist: _History, rng: random.Random, ts: int) -> tuple[list[bytes], str]:
    """One to four changes of the kind people commit: renames, new activities, comments and outcomes."""
    body: list[bytes] = []
    notes: list[str] = []
    touched: set[str] = set()
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        roll = rng.random()
        if roll < 0.04:
            old, new, note = hist.rename_goal()
            body.append(f"R {old} {new}\n".encode())
            if old in touched:  # edited earlier in this commit: the edit now lives under the new name
                touched.discard(old)
                touched.add(new)
            notes.append(note)
            continue
        when = dt.datetime.fromtimestamp(ts, dt.UTC).date()
        for _ in range(8):  # early on few outcomes or follow-ups exist yet: try other files
            done = (hist.add_activity(when) if roll < 0.12
                    else hist.edit_comment(when) if roll < 0.42 else hist.edit_outcome(when))
            if done is not None:
                break
        rel, note = done or hist.edit_description()
        touched.add(rel)
        notes.append(note)
    for rel in sorted(touched):
        body.append(f"M 100644 inline {rel}\n".encode() + _data(hist.text[rel].encode()))
    message = notes[0] if len(notes) == 1 else f"Kvartalsuppföljning: {len(notes)} ändringar\n\n" + \
        "\n".join(f"- {n}" for n in notes)
    return body, message
