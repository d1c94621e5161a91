"""Chapter modules are views of one chapter: a ``chNN_*`` module and notebook ``NN_*`` import only
chapter NN's modules and the shared ones (``course``, ``catalog``, ``article``, ``evidence``, ``sgd_effect``,
``boxes``, ``recipe_text``),
never another chapter's."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import lrdecay_lessons.chapters as chapters

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "lrdecay_lessons" / "chapters"
SHARED = {"course", "catalog", "article", "evidence", "sgd_effect", "boxes", "recipe_text"}
CHAPTER_MODULES = sorted(p.stem for p in CHAPTERS.glob("ch[0-9][0-9]_*.py"))


def chapter_modules_imported(tree: ast.AST, package: str | None = None) -> set[str]:
    """The modules of :mod:`lrdecay_lessons.chapters` that ``tree`` imports (by their short names).

    ``package`` is the importing module's package, for relative imports (``from .x import y``,
    ``from . import x``); a notebook has none.
    """
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if package is None or node.level > 2:
                    continue
                base = package if node.level == 1 else package.rsplit(".", 1)[0]
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["lrdecay_lessons", "chapters"] and len(parts) > 2:
                found.add(parts[2])
    return found


def foreign(number: str, imported: set[str]) -> list[str]:
    """The imported chapter modules that are neither shared nor chapter ``number``'s own."""
    return sorted(name for name in imported if name not in SHARED and not name.startswith(f"ch{number}_"))


def notebook_tree(path: Path) -> ast.Module:
    cells = json.loads(path.read_text())["cells"]
    source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return ast.parse(source)


@pytest.mark.parametrize("name", CHAPTER_MODULES)
def test_a_chapter_module_imports_only_its_own_chapter_and_the_shared_modules(name):
    tree = ast.parse((CHAPTERS / f"{name}.py").read_text())
    number = re.match(r"ch(\d\d)_", name).group(1)
    assert foreign(number, chapter_modules_imported(tree, "lrdecay_lessons.chapters")) == []


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_a_notebook_imports_only_its_own_chapter_and_the_shared_modules(notebook):
    number = notebook.name[:2]
    assert foreign(number, chapter_modules_imported(notebook_tree(notebook))) == []


def test_the_check_sees_every_form_of_import():
    """The parser must catch the import forms a chapter could use; otherwise the tests above pass vacuously."""
    forms = {
        "from .ch13_applications import recipe": {"ch13_applications"},
        "from . import ch07_lab": {"ch07_lab"},
        "from ..chapters.ch07_lab import sweep_table": {"ch07_lab"},
        "from lrdecay_lessons.chapters import ch07_lab, ch10_schedules_of_today as ch10":
            {"ch07_lab", "ch10_schedules_of_today"},
        "import lrdecay_lessons.chapters.ch14_summary": {"ch14_summary"},
        "from .course import CHAPTERS": {"course"},
        "from ..schedules import inverse_sqrt": set(),
    }
    for code, expected in forms.items():
        assert chapter_modules_imported(ast.parse(code), "lrdecay_lessons.chapters") == expected, code
    assert foreign("14", {"ch13_applications", "ch14_summary", "course"}) == ["ch13_applications"]
    assert foreign("07", {"ch07_lab", "ch07_hands_on", "catalog", "article"}) == []


def test_the_chapters_package_lists_every_module():
    modules = {p.stem for p in CHAPTERS.glob("*.py") if p.stem != "__init__"}
    assert sorted(chapters.__all__) == sorted(modules)
