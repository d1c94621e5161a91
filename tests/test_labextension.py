"""The course's JupyterLab extension (labextension/, issue 27 item 8: a chapter opens unmodified): the
prebuilt output committed in share/jupyter/labextensions is what every install gets (pyproject's
data-files for a wheel, `make setup` for the editable .venv), it is built from the source as it stands,
against the JupyterLab the course pins. `tests/browser/test_lab_open_save.py` checks what it does."""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "lrdecay-lessons-open-unmodified"
BUILT = ROOT / "share" / "jupyter" / "labextensions" / NAME
SOURCE = ROOT / "labextension"


def _built_files() -> set[str]:
    return {str(path.relative_to(ROOT)) for path in BUILT.rglob("*") if path.is_file()}


def test_the_built_extension_loads_a_file_that_is_there():
    package = json.loads((BUILT / "package.json").read_text())
    assert package["name"] == NAME == json.loads((SOURCE / "package.json").read_text())["name"]
    assert (BUILT / package["jupyterlab"]["_build"]["load"]).is_file()
    assert json.loads((BUILT / "install.json").read_text())["packageName"] == "lrdecay-lessons"


def test_a_wheel_carries_every_built_file():
    """pyproject's data-files (globs) name each file under share/… exactly once, so a rebuild with new
    hashed names needs no edit there."""
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    listed: list[str] = []
    for target, patterns in data_files.items():
        for pattern in patterns:
            matches = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(pattern) if p.is_file())
            assert matches, pattern
            assert all(str(Path(m).parent) == target for m in matches), (target, matches)
            listed += matches
    assert sorted(listed) == sorted(_built_files())


def test_the_build_is_from_the_source_as_it_stands():
    """Every outcome string of src/index.ts (the browser tests read them) is in the built code: a source
    edited without `make labextension` fails here."""
    source = (SOURCE / "src" / "index.ts").read_text()
    outcomes = re.findall(r"return '([^']+)';", source)
    assert len(outcomes) >= 5
    built = "".join(path.read_text() for path in (BUILT / "static").glob("*.js"))
    for outcome in outcomes:
        assert outcome in built, outcome


def test_the_build_is_from_the_files_as_they_are():
    """`make labextension` records the sha256 of what it built from; each still matches."""
    recorded = [line.split("  ", 1) for line in (SOURCE / "built-from.sha256").read_text().splitlines()]
    names = {name for _, name in recorded}
    assert {"package.json", "package-lock.json", "tsconfig.json", "src/index.ts"} <= names
    assert names == {"package.json", "package-lock.json", "tsconfig.json"} | {
        str(p.relative_to(SOURCE)) for p in (SOURCE / "src").glob("*.ts")}
    for digest, name in recorded:
        assert hashlib.sha256((SOURCE / name).read_bytes()).hexdigest() == digest, \
            f"labextension/{name} changed since the build: run `make labextension` and commit its output"


def test_it_is_built_against_the_jupyterlab_the_course_pins():
    pins = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().splitlines() if "==" in line)
    package = json.loads((SOURCE / "package.json").read_text())
    lock = json.loads((SOURCE / "package-lock.json").read_text())["packages"]
    assert package["overrides"]["@jupyterlab/core-meta"] == pins["jupyterlab"]
    assert lock["node_modules/@jupyterlab/core-meta"]["version"] == pins["jupyterlab"]
    for name, version in {**package["dependencies"], **package["devDependencies"]}.items():
        assert lock[f"node_modules/{name}"]["version"] == version, name
    assert "--core-package-file node_modules/@jupyterlab/core-meta/core.package.json" in package["scripts"]["build"]


def test_setup_installs_it_into_the_venv():
    makefile = (ROOT / "Makefile").read_text()
    assert "cp -R $(LABEXT_BUILT) $(VENV)/share/jupyter/labextensions/$(LABEXT)" in makefile
    assert re.search(r"^\$\(STAMP\):.*\$\(LABEXT_BUILT\)/package.json", makefile, re.M)
    installed = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / NAME
    there = {str(p.relative_to(installed)): p.read_bytes() for p in installed.rglob("*") if p.is_file()}
    here = {str(p.relative_to(BUILT)): p.read_bytes() for p in BUILT.rglob("*") if p.is_file()}
    assert there == here, f"{installed} differs from {BUILT}: run `make setup`"
