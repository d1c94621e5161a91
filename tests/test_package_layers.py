"""The package ``lrdecay_lessons`` as a whole: its folders are its layers: each says what it may import, the
contract covers them all, notebooks use public names only, and a chapter loads scikit-learn only if it trains."""

from __future__ import annotations

import ast
import doctest
import importlib
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import lrdecay_lessons
from lrdecay_lessons.exercises import CHAPTER_PREFIXES

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lrdecay_lessons"
SUBPACKAGES = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
# The chapters whose notebooks train a model (and so may load scikit-learn, with SciPy).
TRAINING_CHAPTERS = {"07", "08", "09", "10", "11", "12", "13"}


def test_every_folder_is_a_layer_of_the_contract():
    layers = next(c for c in CONTRACTS if c["type"] == "layers")["layers"]
    named = {name.strip().removeprefix("lrdecay_lessons.") for layer in layers for name in layer.split("|")}
    assert named == set(SUBPACKAGES)
    assert not [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"], "modules belong in a layer's folder"


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_every_layer_says_its_job_and_what_it_may_import(name):
    package = importlib.import_module(f"lrdecay_lessons.{name}")
    doc = package.__doc__ or ""
    opening = "\n".join(doc.strip().splitlines()[:12])
    assert "May import" in opening, f"lrdecay_lessons.{name} must say what it may import near the top"
    for public in getattr(package, "__all__", ()):
        module = PACKAGE / name / f"{public}.py"
        assert hasattr(package, public) or module.exists(), f"{name}.__all__ names {public!r}, which is not there"


def test_the_layer_docstrings_run():
    """pytest's --doctest-modules skips a package's __init__; the examples there must hold too."""
    for name in ["", *SUBPACKAGES]:
        module = importlib.import_module("lrdecay_lessons" + (f".{name}" if name else ""))
        result = doctest.testmod(module, extraglobs={"np": __import__("numpy")})
        assert result.failed == 0, module.__name__
    assert doctest.testmod(lrdecay_lessons.schedules).attempted >= 2


def _notebook_imports(path: Path) -> list[tuple[str, str]]:
    cells = json.loads(path.read_text())["cells"]
    found = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lrdecay_lessons"):
                found += [(node.module, alias.name) for alias in node.names]
    return found


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_import_public_names_from_the_setup_cell(notebook):
    imports = _notebook_imports(notebook)
    assert imports, "every chapter uses the package"
    private = [f"{m}.{n}" for m, n in imports if n.startswith("_") or any(p.startswith("_") for p in m.split("."))]
    assert private == []
    cells = [c for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]
    later = [i for i, c in enumerate(cells[1:], 1)
             if any(line.startswith(("import ", "from ")) for line in "".join(c["source"]).splitlines())]
    assert later == [], "imports belong in the setup cell"


def _loads_sklearn(code: str) -> bool:
    probe = "\nimport sys\nprint(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy'}))"
    out = subprocess.run([sys.executable, "-c", code + probe], cwd=ROOT / "notebooks", check=True,
                         capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1] != "[]"


def test_a_chapter_that_does_not_train_never_loads_scikit_learn():
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = [c for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]
        setup = "".join(cells[0]["source"])
        number = notebook.name[:2]
        bank = next(m for m in CHAPTER_PREFIXES.values() if m.startswith(f"ch{number}"))
        keys = [item.key for item in importlib.import_module(f"lrdecay_lessons.exercises.{bank}").EXERCISES]
        questions = "".join(f"\nquestion({k!r})" for k in keys) if "question" in setup else ""
        if number == "07":
            assert _loads_sklearn(setup), "chapter 07 shows scikit-learn's SGD"
        elif number not in TRAINING_CHAPTERS:
            assert not _loads_sklearn(setup + questions), notebook.name


def test_question_loads_only_its_chapters_bank():
    code = ("from lrdecay_lessons.exercises import question\nquestion('step-first-below')\nimport sys\n"
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('lrdecay_lessons.exercises.')))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "['ch02_step_decay']"


def test_every_exercise_key_starts_with_its_chapters_prefix():
    for prefix, module in CHAPTER_PREFIXES.items():
        bank = importlib.import_module(f"lrdecay_lessons.exercises.{module}").EXERCISES
        assert bank and all(item.key.startswith(prefix + "-") for item in bank), module
    modules = {p.stem for p in (PACKAGE / "exercises").glob("ch*.py")}
    assert modules == set(CHAPTER_PREFIXES.values())
