"""Open data: `styr export data` (CSV, JSON against its published schema, xlsx, a README per column), `styr
schema öppna-data`, and the site's `oppna-data/` with DCAT-AP-SE metadata that has what the portal requires."""

from __future__ import annotations

import csv
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from styr.cli import app
from styr.exchange.opendata import ENTITIES, FORMAT_VERSION
from styr.exchange.opendata_files import json_schema
from styr.load.repo import load
from styr.load.source import WorkTree
from styr.model.build import build
from styr.model.vocab import Colour

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
DATE = ["--date", "2026-12-06"]
runner = CliRunner()
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dcat": "http://www.w3.org/ns/dcat#",
      "dcterms": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
      "vcard": "http://www.w3.org/2006/vcard/ns#"}
ABOUT, RESOURCE = f"{{{NS['rdf']}}}about", f"{{{NS['rdf']}}}resource"
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    return root


def test_json_files_follow_the_published_schema(tmp_path: Path) -> None:
    out = tmp_path / "data"
    code, stdout, err = run("export", "data", str(EXAMPLE), "--format", "json", "--out", str(out), *DATE)
    assert code == 0, err
    assert "README.md" in stdout
    code, printed, _ = run("schema", "öppna-data")
    assert code == 0 and json.loads(printed) == json_schema()
    schema = json.loads((out / "schema.json").read_text(encoding="utf-8"))
    assert schema == json_schema()
    validator = Draft202012Validator(schema)
    model = build(load(WorkTree(EXAMPLE)))
    for entity in ENTITIES:
        doc = json.loads((out / f"{entity.name}.json").read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=str)
        assert not errors, (entity.name, errors[:3])
        assert doc["formatversion"] == FORMAT_VERSION and doc["entitet"] == entity.name
        assert doc["poster"], entity.name
    goals = json.loads((out / "mal.json").read_text(encoding="utf-8"))["poster"]
    assert {g["mal_id"] for g in goals} == {g.id for g in model.goals}
    outcomes = json.loads((out / "utfall.json").read_text(encoding="utf-8"))["poster"]
    bun = {o["period"]: o["varde"] for o in outcomes if o["indikator_id"] == "BUN-M2/I1"}
    indicator = next(i for i in model.goal_by_id["BUN-M2"].indicators if i.id == "I1")
    assert bun == dict(indicator.outcomes)


def test_a_row_that_breaks_the_schema_is_caught() -> None:
    validator = Draft202012Validator(json_schema())
    bad = {"format": "styr öppna data", "formatversion": FORMAT_VERSION, "entitet": "utfall", "kommun": "K",
           "skapad": "2026-12-06", "poster": [{"indikator_id": "A/I1", "period": "2025", "period_start": "1/1",
                                               "period_slut": None, "varde": "84", "uppnatt": None}]}
    messages = [e.message for e in validator.iter_errors(bad)]
    assert messages and any("84" in m for m in messages)


def test_csv_files_have_a_header_utf8_iso_dates_and_a_readme_for_every_column(tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert run("export", "data", str(EXAMPLE), "--out", str(out), *DATE)[0] == 0
    readme = (out / "README.md").read_text(encoding="utf-8")
    for entity in ENTITIES:
        data = (out / f"{entity.name}.csv").read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and b",True," not in data and b",None," not in data
        rows = list(csv.DictReader(data.decode("utf-8").splitlines(keepends=True)))
        assert list(rows[0]) == [c.name for c in entity.columns]
        assert f"## {entity.name}.csv" in readme
        for column in entity.columns:
            assert f"| {column.name} |" in readme
            if column.kind == "datum":
                assert all(ISO_DATE.match(r[column.name]) for r in rows if r[column.name])
    colours = list(csv.DictReader((out / "maluppfyllelse.csv").read_text(encoding="utf-8").splitlines()))
    assert {r["period"] for r in colours} >= {"2025", "2026-H1"}
    assert all(r["farg"] in Colour.words() for r in colours)
    again = tmp_path / "again"
    assert run("export", "data", str(EXAMPLE), "--out", str(again), *DATE)[0] == 0
    for entity in ENTITIES:  # stable: the same repository gives the same files
        assert (again / f"{entity.name}.csv").read_bytes() == (out / f"{entity.name}.csv").read_bytes()


def test_one_period(tmp_path: Path) -> None:
    out = tmp_path / "data"
    code, stdout, _ = run("export", "data", str(EXAMPLE), "--period", "2025", "--out", str(out), *DATE)
    assert code == 0 and "för 2025" in stdout
    for name in ("utfall", "malvarden", "bedomningar", "maluppfyllelse", "indikatorfarger"):
        rows = list(csv.DictReader((out / f"{name}.csv").read_text(encoding="utf-8").splitlines(keepends=True)))
        assert rows and all(r["period_start"] >= "2025-01-01" and r["period_slut"] <= "2025-12-31" for r in rows)
    colours = list(csv.DictReader((out / "maluppfyllelse.csv").read_text(encoding="utf-8").splitlines()))
    assert {r["period"] for r in colours} == {"2025"}


def test_xlsx_one_workbook_per_entity(tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert run("export", "data", str(EXAMPLE), "--format", "xlsx", "--out", str(out), *DATE)[0] == 0
    for entity in ENTITIES:
        book = openpyxl.load_workbook(out / f"{entity.name}.xlsx")
        sheet = book.active
        assert sheet is not None
        assert [c.value for c in next(sheet.iter_rows())] == [c.name for c in entity.columns]
        assert book.properties.created is not None and book.properties.created.date().isoformat() == DATE[1]
    # The same data again is the same bytes (no clock in the workbooks), so the second export changes nothing.
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert run("export", "data", str(EXAMPLE), "--format", "xlsx", "--out", str(out), *DATE)[0] == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_responsible_is_left_out_when_the_kommun_does_not_publish_it(repo: Path, tmp_path: Path) -> None:
    model = repo / "styrmodell.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(re.sub(r"visa_ansvarig: \w+", "visa_ansvarig: false", text) if "visa_ansvarig" in text
                     else text + "publicering: {visa_ansvarig: false}\n", encoding="utf-8")
    out = tmp_path / "data"
    assert run("export", "data", str(repo), "--out", str(out), *DATE)[0] == 0
    goals = list(csv.DictReader((out / "mal.csv").read_text(encoding="utf-8").splitlines(keepends=True)))
    assert goals and all(g["ansvarig"] == "" for g in goals)


def test_refusals(tmp_path: Path) -> None:
    code, _, err = run("export", "data", str(EXAMPLE), "--format", "jsn", "--out", str(tmp_path / "d"), *DATE)
    assert code == 2 and "okänt format 'jsn'. Menade du 'json'?" in err
    code, _, err = run("export", "data", str(EXAMPLE), *DATE)
    assert code == 2 and "--out" in err
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "mal.csv").write_text("min egen\n", encoding="utf-8")
    code, _, err = run("export", "data", str(EXAMPLE), "--out", str(tmp_path / "d"), *DATE)
    assert code == 2 and "--force" in err
    assert (tmp_path / "d" / "mal.csv").read_text(encoding="utf-8") == "min egen\n"


# --- the site and DCAT-AP-SE ------------------------------------------------------------------------------------


def _nodes(root: ET.Element, tag: str) -> list[ET.Element]:
    return root.findall(tag, NS)


def _one(node: ET.Element, prop: str) -> str:
    found = node.findall(prop, NS)
    assert found, (node.get(ABOUT), prop)
    value = found[0].get(RESOURCE) or found[0].text or ""
    assert value.strip(), (node.get(ABOUT), prop)
    return value


def test_the_site_carries_open_data_and_dcat_ap_se_metadata(repo: Path, tmp_path: Path) -> None:
    model = repo / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8") + "öppna_data: {webbadress: https://www.ekeby.se/mal/, "
                     "kontakt: oppnadata@ekeby.se}\n", encoding="utf-8")
    site = tmp_path / "site"
    code, _, err = run("report", str(repo), "--out", str(site), "--quiet", "--no-history", *DATE)
    assert code == 0, err
    folder = site / "oppna-data"
    root = ET.fromstring((folder / "dcat.rdf").read_bytes())
    about = {n.get(ABOUT) for n in root}
    # DCAT-AP-SE, mandatory for the catalogue: title, description, publisher, licence (CC0), its datasets
    [catalogue] = _nodes(root, "dcat:Catalog")
    for prop in ("dcterms:title", "dcterms:description", "dcterms:publisher", "dcterms:license", "dcat:dataset"):
        _one(catalogue, prop)
    assert _one(catalogue, "dcterms:license") == "http://creativecommons.org/publicdomain/zero/1.0/"
    # the publisher is an agent with a name
    publisher = _one(catalogue, "dcterms:publisher")
    agent = next(n for n in root if n.get(ABOUT) == publisher)
    assert _one(agent, "foaf:name") == "Ekeby kommun"
    datasets = _nodes(root, "dcat:Dataset")
    assert len(datasets) == len(ENTITIES)
    assert {d.get(ABOUT) for d in datasets} == {e.get(RESOURCE) for e in catalogue.findall("dcat:dataset", NS)}
    distributions = {d.get(ABOUT): d for d in _nodes(root, "dcat:Distribution")}
    for dataset in datasets:  # mandatory for a dataset: title, description, publisher
        for prop in ("dcterms:title", "dcterms:description", "dcterms:publisher"):
            _one(dataset, prop)
        assert _one(dataset, "dcat:contactPoint") in about
        refs = [e.get(RESOURCE) for e in dataset.findall("dcat:distribution", NS)]
        assert len(refs) == 2 and all(r in distributions for r in refs)
    for dist in distributions.values():  # mandatory for a distribution: access URL; format and licence too
        url = _one(dist, "dcat:accessURL")
        assert url.startswith("https://www.ekeby.se/mal/oppna-data/")
        assert (folder / url.rsplit("/", 1)[1]).is_file()
        assert _one(dist, "dcterms:format").startswith("http://www.iana.org/assignments/media-types/")
        _one(dist, "dcterms:license")
    assert (folder / "schema.json").is_file() and (folder / "README.md").is_file()
    manifest = json.loads((site / ".styr-manifest.json").read_text(encoding="utf-8"))
    assert "oppna-data/dcat.rdf" in manifest["filer"] and "oppna-data/utfall.csv" in manifest["filer"]
    code, _, err = run("report", str(repo), "--out", str(site), "--quiet", "--no-history", *DATE)
    assert code == 0, err  # styr's own files are rewritten on the next run


def test_the_open_data_is_written_where_the_folder_was_checked_first(repo: Path, tmp_path: Path) -> None:
    """The open data is made beside the pages, after the output folder was checked: it writes exactly the paths
    checked (site_file_names), and a changed file at one of them stops the next report before anything is
    written."""
    from styr.app.opendata import site_file_names

    site = tmp_path / "site"
    code, _, err = run("report", str(repo), "--out", str(site), "--quiet", "--no-history", *DATE)
    assert code == 0, err
    written = sorted(f"oppna-data/{p.name}" for p in (site / "oppna-data").iterdir())
    assert written == sorted(site_file_names())
    (site / "oppna-data" / "utfall.csv").write_text("någon annans\n", encoding="utf-8")
    (site / "index.html").unlink()
    code, _, err = run("report", str(repo), "--out", str(site), "--quiet", "--no-history", *DATE)
    assert code == 2 and "oppna-data/utfall.csv" in err
    assert not (site / "index.html").exists()
    assert (site / "oppna-data" / "utfall.csv").read_text(encoding="utf-8") == "någon annans\n"


def test_the_open_data_is_made_once_for_the_web_site_and_never_for_markdown(repo: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The open data (tens of megabytes at 20,000 files) is made lazily, by one process, only for the web site."""
    import styr.app.reports as reports

    made: list[int] = []
    real = reports.site_files

    def counted(*args: object, **kwargs: object) -> object:
        made.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "site_files", counted)
    code, _, err = run("report", str(repo), "--out", str(tmp_path / "md"), "--format", "md", "--quiet",
                       "--no-history", *DATE)
    assert code == 0, err
    assert made == []
    code, _, err = run("report", str(repo), "--out", str(tmp_path / "html"), "--quiet", "--no-history", *DATE)
    assert code == 0, err
    assert made == [1]


def test_without_a_web_address_the_metadata_is_relative_to_itself(tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert run("export", "data", str(EXAMPLE), "--out", str(out), *DATE)[0] == 0
    root = ET.fromstring((out / "dcat.rdf").read_bytes())
    for dist in _nodes(root, "dcat:Distribution"):
        assert (out / _one(dist, "dcat:accessURL")).is_file()


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_files_made_by_several_processes_are_those_one_process_makes(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    fmt: str) -> None:
    # A large repository's files are made by whichever process is free (styr.app.opendata.SHARED_FROM); here every
    # repository counts as large, with two processes.
    import styr.app.opendata as opendata

    assert run("export", "data", str(EXAMPLE), "--format", fmt, "--out", str(tmp_path / "en"), *DATE)[0] == 0
    monkeypatch.setattr(opendata, "SHARED_FROM", 0)
    monkeypatch.setenv("STYR_JOBS", "2")
    shared_files: list[int] = []
    shared = opendata.map_shared

    def counted(func: Any, pieces: Any, jobs: int, **kwargs: Any) -> Any:
        if pieces and all(piece in ENTITIES for piece in pieces):
            shared_files.append(jobs)
        return shared(func, pieces, jobs, **kwargs)

    monkeypatch.setattr(opendata, "map_shared", counted)
    assert run("export", "data", str(EXAMPLE), "--format", fmt, "--out", str(tmp_path / "flera"), *DATE)[0] == 0
    assert shared_files == [2]  # the files were shared between two processes
    one, several = tmp_path / "en", tmp_path / "flera"
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in several.iterdir())
    for name in names:
        if name.endswith(".xlsx"):  # a workbook is a zip with a time stamp: compare what the sheets hold
            assert _cells(one / name) == _cells(several / name), name
        else:
            assert (one / name).read_bytes() == (several / name).read_bytes(), name


def _cells(path: Path) -> list[list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
