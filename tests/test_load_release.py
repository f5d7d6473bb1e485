"""Loading for the model alone lets each document go once it is modelled, and gives exactly what keeping them gives:
the same model, positions included, and the same findings, with and without the parse cache, in one process or
several (styr.load.loaded.Loaded.derived, styr.load.reading.read_items)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from styr.app.pipeline import analyse, analyse_loaded, read_repository
from styr.load import cache
from styr.load import repo as load_module
from styr.load.reading import Read
from styr.load.repo import survey
from styr.load.source import WorkTree
from styr.model.build import build, derive
from styr.model.repository import Repository
from styr.wording.collation import sort_key

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
TODAY = date(2026, 11, 29)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example repository with a broken goal file, read in pieces of four files (by helpers, when asked)."""
    out = tmp_path / "repo"
    shutil.copytree(EXAMPLE, out)
    sorted(out.rglob("mål/*.yaml"))[2].write_text("id: [oavslutad\n", encoding="utf-8")
    monkeypatch.setattr(load_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(load_module, "_PIECE", 4)
    monkeypatch.setenv(cache.DIR_ENV, str(tmp_path / "cache"))
    return out


def _exact(repo: Repository) -> str:
    """The model with every position (`==` on the model's types leaves the positions out)."""
    return repr((repo.config, repo.vision, repo.units, repo.goals, repo.activities, repo.sections, repo.files))


def _kept_documents(root: Path) -> tuple[str, list[object]]:
    """The model and the findings the way that keeps every document until the end (no cache, one process)."""
    found = survey(WorkTree(root), cache=False)
    loaded = found.load(jobs=1)
    repo = build(loaded, sort_key)
    assert len(list(loaded.documents())) > 20  # they were kept: this is the way to compare with
    diagnostics = analyse_loaded(found, loaded, repo, TODAY).diagnostics
    return _exact(repo), [(d.code, d.severity, d.message, d.path, d.line, d.column, d.hint) for d in diagnostics]


@pytest.mark.parametrize("jobs", ["1", "3"])
@pytest.mark.parametrize("use_cache", [False, True])
def test_released_documents_give_the_same_model_and_findings(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                             jobs: str, use_cache: bool) -> None:
    monkeypatch.setenv("STYR_JOBS", jobs)
    model, findings = _kept_documents(root)
    for _ in range(2):  # filling the cache, then from it
        loaded, repo = read_repository(WorkTree(root), cache=use_cache, model_only=True)
        assert _exact(repo) == model
        assert list(loaded.documents()) == [], "dokumenten släpptes inte när modellen byggts"
        got = analyse(WorkTree(root), TODAY, cache=use_cache).diagnostics
        assert [(d.code, d.severity, d.message, d.path, d.line, d.column, d.hint) for d in got] == findings
        assert any(d.line > 1 for d in got)  # positions inside the files, not only the first line


def test_filling_the_cache_keeps_no_second_copy(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a load that filled the cache, the survey keeps only each file's digest: the documents, their pickles
    and their models are held by what was loaded alone (until the model is built from them), and the pack that
    was written still serves the next run."""
    monkeypatch.setenv("STYR_JOBS", "3")
    found = survey(WorkTree(root), cache=True)
    loaded = found.load(derive=derive)
    reads = [r for r in found.found if isinstance(r, Read)]
    assert len(reads) == len(found.items)
    assert all(r.doc is None and r.blob is None and r.made is None for r in reads)
    assert found.store is not None and found.store.entries == {}
    assert loaded.made, "inget modellerades där filerna lästes"
    assert all(doc is None for _, _, _, doc, _ in loaded.pending), "ett dokument hölls kvar helt"
    again = survey(WorkTree(root), cache=True)
    assert all(hit is not None for hit in again.found)
    assert sorted(d.path for d in again.load().documents()) == sorted(p for p, _, _, _, _ in loaded.pending)
