"""The editor settings that `styr init` and `styr schema --out` write, driven through the real
yaml-language-server over stdio: goal, activity, styrkort and styrmodell files get the schemas' diagnostics
and hover texts, also in folders named with å/ä/ö (the server matches globs against percent-encoded URIs)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tools.yamlls import YamlLanguageServer

from styr.render.json.schemas import editor_globs

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
UNKNOWN = "okänd_nyckel"

# file in the goal repository → (its schema, a key on its first line whose description the hover shows)
FILES = {
    "kommun/mål/kf-m1.yaml": "mal.schema.json",
    "kommun/aktiviteter/kf-a1.yaml": "aktivitet.schema.json",
    "kommun/styrkort.yaml": "styrkort.schema.json",
    "styrmodell.yaml": "styrmodell.schema.json",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A goal repository made by `styr init`, with a goal and an activity, each file given an unknown key."""
    top = tmp_path_factory.mktemp("ekeby") / "ekeby"
    proc = subprocess.run([sys.executable, "-m", "styr", "init", str(top), "--municipality", "Ekeby kommun"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for rel in ("kommun/mål/kf-m1.yaml", "kommun/aktiviteter/kf-a1.yaml"):
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MINIMAL / rel, top / rel)
    for rel in FILES:
        with (top / rel).open("a", encoding="utf-8") as f:
            f.write(f"{UNKNOWN}: 1\n")
    return top


@pytest.fixture(scope="module")
def server(repo: Path) -> Iterator[YamlLanguageServer]:
    # Exactly what the editor reads from the settings `styr init` wrote.
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    ls = YamlLanguageServer(repo, {"schemas": settings["yaml.schemas"], "validate": True, "hover": True,
                                   "completion": True})
    yield ls
    ls.close()


def first_key(path: Path) -> tuple[int, str]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line and not line.startswith(("#", " ", "-")) and ":" in line:
            return number, line.split(":", 1)[0]
    raise AssertionError(path)


@pytest.mark.parametrize("rel", list(FILES))
def test_the_schema_applies_with_diagnostics_and_hover(repo: Path, server: YamlLanguageServer, rel: str) -> None:
    path = repo / rel
    uri = server.open(path)
    schema_file = (repo / ".styr" / "schemas" / FILES[rel]).as_uri()

    def schema_says_unknown(params: dict[str, object]) -> bool:
        found = params["diagnostics"]
        assert isinstance(found, list)
        return params["uri"] == uri and any(UNKNOWN in d["message"] and schema_file in d.get("data", {})
                                            .get("schemaUri", []) for d in found)

    server.wait_for("textDocument/publishDiagnostics", schema_says_unknown)

    line, key = first_key(path)
    schema = json.loads((repo / ".styr" / "schemas" / FILES[rel]).read_text(encoding="utf-8"))
    prop = schema["properties"][key]
    expected = str(prop.get("description") or prop.get("markdownDescription") or prop["title"]).split("\n")[0]
    text = server.hover(uri, line, 1)
    assert expected[:40] in text, (key, text)
    assert FILES[rel] in text  # the hover names the schema it came from


def test_a_glob_with_a_swedish_folder_also_has_the_encoded_forms() -> None:
    assert editor_globs("**/styrkort.yaml") == "**/styrkort.yaml"
    assert editor_globs("**/mål/*.yaml") == ["**/mål/*.yaml", "**/m%C3%A5l/*.yaml", "**/ma%CC%8Al/*.yaml"]
