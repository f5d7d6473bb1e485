"""The models the parse cache keeps (styr.load.cache.open_models): a command that shows the repository models a file
again only when its bytes changed, gets exactly the model that modelling every file gives, and never trusts a
`.model` file that is damaged, forged or names a class that is not the model's."""

from __future__ import annotations

import hmac
import json
import os
import pickle
import shutil
import struct
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cache_files import damage_last_pickle, stale_beside, styr_process, styr_refusing

from styr.app import pipeline
from styr.app.pipeline import analyse, read_repository
from styr.load import cache
from styr.load.loaded import LoadedDoc
from styr.load.source import WorkTree
from styr.model import build as build_module
from styr.model.build import MADE_OF
from styr.model.repository import Repository
from styr.model.types import Goal, Unit, quick_pickling

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
GOAL = "kommun/barn-och-utbildningsnamnden/mål/trygghet.yaml"


@pytest.fixture
def repo(tmp_path: Path, own_cache: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.fixture
def modelled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files modelled (not taken from the cache's models), in this process: where they are read, or as the model
    is built."""
    seen: list[str] = []
    original = build_module.derive

    def counting(ld: LoadedDoc) -> Any:
        seen.append(ld.path)
        return original(ld)

    monkeypatch.setattr(pipeline, "derive", counting)
    monkeypatch.setattr(build_module, "derive", counting)
    return seen


def _exact(repo: Repository) -> str:
    """The model with every position (`==` on the model's types leaves the positions out)."""
    return repr((repo.config, repo.vision, repo.units, repo.goals, repo.activities, repo.sections, repo.files))


def _shown(root: Path, use_cache: bool = True) -> str:
    """The model as a command that shows the repository (report, status, export) reads it."""
    return _exact(read_repository(WorkTree(root), cache=use_cache, model_only=True)[1])


def _edited(text: bytes) -> bytes:
    return text.replace("riktning: öka".encode(), "riktning: minska".encode(), 1)  # noqa: UP012 — not ASCII


def _model_file(own_cache: Path) -> Path:
    (found,) = (own_cache / "v1").glob("*.model")
    return found


def test_only_a_changed_file_is_modelled_again(repo: Path, modelled: list[str]) -> None:
    expected = _shown(repo, use_cache=False)
    assert _shown(repo) == expected  # fills the cache and its models
    modelled.clear()
    assert _shown(repo) == expected
    assert modelled == []
    goal = repo / GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace("riktning: öka", "riktning: minska", 1),
                    encoding="utf-8")
    changed = _shown(repo, use_cache=False)
    assert changed != expected
    modelled.clear()
    assert _shown(repo) == changed
    assert modelled == [GOAL]
    modelled.clear()
    assert _shown(repo) == changed  # the new model was kept
    assert modelled == []


def test_a_file_changed_back_gets_its_model_again(repo: Path, modelled: list[str]) -> None:
    """The models are keyed by the file's content: a file edited and then restored is not mistaken for either
    version by its time stamps."""
    goal = repo / GOAL
    original = goal.read_bytes()
    expected = _shown(repo)
    goal.write_bytes(_edited(original))
    changed = _shown(repo)
    goal.write_bytes(original)
    os.utime(goal, ns=(1, 1))
    assert _shown(repo) == expected
    goal.write_bytes(_edited(original))
    assert _shown(repo) == changed


def test_a_validation_reads_the_models_but_does_not_write_them(repo: Path, own_cache: Path,
                                                               modelled: list[str]) -> None:
    """A validation is often run cold in CI, where pickling every model would be paid for and thrown away."""
    today = date(2026, 11, 29)
    expected = [d.message for d in analyse(WorkTree(repo), today, cache=False).diagnostics]
    analyse(WorkTree(repo), today, cache=True)
    assert list((own_cache / "v1").glob("*.model")) == []
    _shown(repo)
    (repo / "vision.yaml").write_text((repo / "vision.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    modelled.clear()
    assert [d.message for d in analyse(WorkTree(repo), today, cache=True).diagnostics] == expected
    assert modelled == ["vision.yaml"]  # a whole analysis, with every other file's model from the cache


def test_a_damaged_model_is_made_again(repo: Path, own_cache: Path, modelled: list[str]) -> None:
    expected = _shown(repo)
    model_file = _model_file(own_cache)
    damage_last_pickle(model_file)
    modelled.clear()
    assert _shown(repo) == expected
    assert len(modelled) == 1
    model_file.write_bytes(b"STYRPACK\x01\n" + b"\0" * 100)  # truncated
    modelled.clear()
    assert _shown(repo) == expected
    assert len(modelled) > 20


class _Planted:
    """A pickle that would create a file if it were ever unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def test_a_forged_model_file_never_runs_code(repo: Path, own_cache: Path, tmp_path: Path,
                                             modelled: list[str]) -> None:
    expected = _shown(repo)
    model_file = _model_file(own_cache)
    key = (own_cache / "key").read_bytes()
    header = {"styr": cache.code_fingerprint(), "repo": os.path.realpath(repo), "max_bytes": 1024 * 1024,
              "kind": "model"}
    marker = tmp_path / "körd"
    sha = cache.digest((repo / GOAL).read_bytes())
    planted = pickle.dumps(_Planted(marker))
    meta = pickle.dumps((header, {GOAL: ((0, 0, 0, 0, 0), sha, False, None, (0, len(planted),
                                                                          cache.digest(planted)))}))
    signed = struct.pack("<Q", len(meta)) + meta
    for signing_key in (b"\0" * 32, key):  # without the key, and even with it (a planted key)
        model_file.write_bytes(cache.MAGIC + hmac.digest(signing_key, signed, "sha256") + signed + planted)
        modelled.clear()
        assert _shown(repo) == expected
        assert GOAL in modelled
        assert not marker.exists()


def test_a_kept_model_may_name_only_the_models_classes(repo: Path) -> None:
    goals = read_repository(WorkTree(repo), cache=False, model_only=True)[1].goals
    goal = next(g for g in goals if g.indicators and g.start is not None)
    assert isinstance(goal, Goal)
    assert repr(cache.decode_model(cache.encode(goal), MADE_OF)) == repr(goal)
    for foreign in (cache.Entry((1, 2, 3, 4, 5), b"", True, None), os.stat_result(range(10)), print):
        with pytest.raises(pickle.UnpicklingError):
            cache.decode_model(pickle.dumps(foreign), MADE_OF)
    assert "styr.model.types.Goal" in MADE_OF
    assert all(name.startswith("styr.model.types.") for name in MADE_OF)


def test_the_models_pickling_is_dataclasses_own(repo: Path) -> None:
    """styr.model.types.quick_pickling keeps the state dataclasses gives a slotted class (its values in field
    order), only made and read faster."""
    model = read_repository(WorkTree(repo), cache=False, model_only=True)[1]
    for value in (model.config, model.vision, *model.units, *model.goals, *model.activities, *model.sections):
        assert value is not None
        again = pickle.loads(pickle.dumps(value))
        assert repr(again) == repr(value)
        names = [f.name for f in fields(value)]
        assert list(type(value).__getstate__(value)) == [getattr(value, name) for name in names]
    unit = model.units[0]
    assert isinstance(unit, Unit)
    with pytest.raises(ValueError):
        Unit.__setstate__(unit, ["för", "få"])  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class _Base:
    first: str


@dataclass(frozen=True, slots=True)
class _Derived(_Base):
    second: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Alone:
    only: int


def test_quick_pickling_of_slots_of_its_own_of_a_base_and_of_one_field() -> None:
    # The model's classes set their own slots through their descriptors; a class whose fields lie partly in a base
    # class's slots is set as its __init__ would; one field is a state of one value.
    quick_pickling([_Derived, _Alone])
    for value in (_Derived("a", (1, 2)), _Alone(7)):
        again = pickle.loads(pickle.dumps(value))
        assert again == value and type(again) is type(value)
    assert _Alone.__getstate__(_Alone(7)) == (7,)  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        _Derived.__setstate__(_Derived("a", ()), ["a"])  # type: ignore[attr-defined]


def test_the_models_of_a_repository_unused_for_long_are_removed(repo: Path, own_cache: Path) -> None:
    _shown(repo)
    own = _model_file(own_cache)
    stale = stale_beside(own)
    goal = repo / GOAL
    goal.write_bytes(_edited(goal.read_bytes()))
    _shown(repo)  # writes the pack and the models again, which prunes
    assert own.exists() and not stale.exists()


def test_a_new_process_takes_every_model_from_the_cache(repo: Path, tmp_path: Path) -> None:
    """What the cache keeps is used by the next command, a new process (where nothing is loaded yet): `styr status`
    of an unchanged repository models no file, and says what a run without the cache says."""
    env = {"STYR_DATUM": "2026-11-29"}
    command = ["status", str(repo), "--format", "json"]
    uncached = styr_process(command, {**env, cache.SWITCH_ENV: "0"})
    assert uncached.returncode == 0 and json.loads(uncached.stdout)["mål"], uncached.stderr
    assert styr_process(command, env).stdout == uncached.stdout  # fills the cache and its models
    again = styr_refusing(tmp_path, "from styr.app import pipeline\nfrom styr.model import build",
                          "pipeline.derive = build.derive", "modelled again", command, env)
    assert "modelled again" not in again.stderr
    assert (again.returncode, again.stdout) == (0, uncached.stdout)
