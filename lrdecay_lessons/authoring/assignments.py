"""nbgrader source notebooks from the exercise banks: graded questions with numbers of their own.

    .venv/bin/python -m lrdecay_lessons.authoring.assignments assignments/spec.json build/course   # make assignments

A spec (JSON) names each assignment's chapter bank and the numbers its questions use::

    {"step_decay": {"bank": "ch02_step_decay", "title": "Step decay", "figures": 1,
                    "numbers": {"threshold": 0.002, "at_epoch": 50, ...}}}

The bank module's ``bank(**numbers)`` builds the chapter's exercises for those numbers, so a
graded question is the chapter's question with other numbers, and its answer is computed by the
same course functions when the notebook is written. The answer is stored only in the source
notebook (a solution cell and a hidden test, both removed by ``nbgrader generate_assignment``);
a spec whose answer equals the chapter's is refused, so ``solution(key)`` never gives a graded answer.

Each exercise becomes three cells: the question (read-only), a solution cell that defines one
named variable (the key with ``_`` for ``-``: ``step_first_below``) and a hidden test, worth one
point, that accepts what :meth:`~lrdecay_lessons.exercises.Exercise.is_right` accepts. The first
``figures`` pictures stored in the chapter's notebook go into a read-only markdown cell as
attachments, which nbgrader keeps (it clears code outputs only).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import sys
from pathlib import Path
from typing import Any

import nbformat

from ..errors import InvalidParameterError
from ..exercises import CHAPTER_PREFIXES, Exercise, exercise

COURSE_ID = "lrdecay-lessons"
SPEC_FIELDS = ("bank", "title", "figures", "numbers")
NBGRADER_CONFIG = '''"""nbgrader's settings for the course directory written by `make assignments`."""
c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.root = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
c.CourseDirectory.course_id = "{course_id}"
# Chapter code runs in a student's kernel in well under a minute.
c.ExecutePreprocessor.timeout = 120
'''


def variable_name(key: str) -> str:
    """The variable a graded answer goes in: ``"step-first-below"`` gives ``step_first_below``."""
    return key.replace("-", "_")


def load_spec(path: Path) -> dict[str, dict[str, Any]]:
    """Read and check a spec; a bad entry is named with the field and what is allowed."""
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(spec, dict) or not spec:
        raise InvalidParameterError(f"spec must be a JSON object of assignments; got {type(spec).__name__} in {path}.")
    for name, entry in spec.items():
        if not name.isidentifier():
            raise InvalidParameterError(f"assignment names must be identifiers (letters, digits, _); got {name!r}.")
        unknown = sorted(set(entry) - set(SPEC_FIELDS))
        if unknown:
            raise InvalidParameterError(f"{name}: fields must be among {list(SPEC_FIELDS)}; got {unknown}.")
        if entry.get("bank") not in CHAPTER_PREFIXES.values():
            raise InvalidParameterError(
                f"{name}.bank must be one of {sorted(CHAPTER_PREFIXES.values())}; got {entry.get('bank')!r}.")
        figures = entry.get("figures", 0)
        if isinstance(figures, bool) or not isinstance(figures, int) or figures < 0:
            raise InvalidParameterError(f"{name}.figures must be a whole number >= 0; got {figures!r}.")
    return spec


def graded_exercises(name: str, entry: dict[str, Any]) -> tuple[Exercise, ...]:
    """The bank's exercises with the spec's numbers; refused where a graded answer equals the chapter's."""
    module = importlib.import_module(f"lrdecay_lessons.exercises.{entry['bank']}")
    factory = getattr(module, "bank", None)
    if factory is None:
        with_factory = sorted(b for b in CHAPTER_PREFIXES.values()
                              if hasattr(importlib.import_module(f"lrdecay_lessons.exercises.{b}"), "bank"))
        raise InvalidParameterError(f"{name}.bank must be a bank with numbers of its own, one of {with_factory}; "
                                    f"got {entry['bank']!r}.")
    numbers = entry.get("numbers", {})
    allowed = sorted(inspect.signature(factory).parameters)
    unknown = sorted(set(numbers) - set(allowed))
    if not numbers or unknown:
        raise InvalidParameterError(f"{name}.numbers must set some of {allowed}; got {sorted(numbers)}.")
    items = factory(**numbers)
    for item in items:
        if item.kind != "choice" and item.is_right(exercise(item.key).solve()) \
                or item.kind == "choice" and item.solve() == exercise(item.key).solve():
            raise InvalidParameterError(
                f"{name}.numbers give {item.key!r} the chapter's own answer {item.solve()!r}, which "
                "solution() shows; choose numbers that change it.")
    return items


def _nbgrader(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
              points: int = 0) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
                            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def stored_pictures(chapter: Path, count: int) -> list[str]:
    """The first ``count`` PNG pictures stored in a chapter notebook, base64 as saved."""
    nb = nbformat.read(chapter, as_version=4)
    pictures = [output["data"]["image/png"] for cell in nb.cells if cell.cell_type == "code"
                for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]
    if len(pictures) < count:
        raise InvalidParameterError(f"figures must be at most {len(pictures)} for {chapter.name}; got {count}.")
    return pictures[:count]


def chapter_notebook(notebooks: Path, bank: str) -> Path:
    """The chapter notebook of a bank, found by its number: ``ch09_warmup_cycles`` is ``08_*.ipynb``."""
    found = sorted(Path(notebooks).glob(f"{bank[2:4]}_*.ipynb"))
    if len(found) != 1:
        raise InvalidParameterError(f"notebooks must hold one chapter {bank[2:4]}_*.ipynb for the pictures of {bank}; "
                                    f"got {[p.name for p in found]} in {notebooks}.")
    return found[0]


def _answer_literal(item: Exercise) -> str:
    return repr(item.solve() if item.kind != "number" else float(item.solve()))


def exercise_cells(item: Exercise) -> list[nbformat.NotebookNode]:
    """Question (read-only), solution (one named variable) and a hidden test worth one point."""
    var, right = variable_name(item.key), _answer_literal(item)
    answer_kind = {"number": "a number", "integer": "a whole number",
                   "choice": f"one of {list(item.choice_keys)} (text)"}[item.kind]
    rule = (f'Exercise(key={item.key!r}, question="", solve=lambda: {right}, hint="", kind={item.kind!r}, '
            f"digits={item.digits}, rtol={item.rtol!r}, choices={item.choice_keys!r})")
    return [
        nbformat.v4.new_markdown_cell(f"**{item.key}** · {item.text}",
                                      metadata=_nbgrader(f"{item.key}-question", locked=True)),
        nbformat.v4.new_code_cell(
            f"# Your answer: {answer_kind}, in the variable {var}\n"
            f"### BEGIN SOLUTION\n{var} = {right}\n### END SOLUTION",
            metadata=_nbgrader(f"{item.key}-answer", solution=True)),
        nbformat.v4.new_code_cell(
            f"# Checked when your notebook is graded ({var}, one point).\n"
            f"### BEGIN HIDDEN TESTS\nfrom lrdecay_lessons.exercises import Exercise\n"
            f"assert {rule}.is_right({var}), {var}\n### END HIDDEN TESTS",
            metadata=_nbgrader(f"{item.key}-test", grade=True, locked=True, points=1)),
    ]


def source_notebook(name: str, entry: dict[str, Any], notebooks: Path) -> nbformat.NotebookNode:
    """One assignment's nbgrader source notebook."""
    items = graded_exercises(name, entry)
    title = entry.get("title", name.replace("_", " "))
    intro = (f"# Graded: {title}\n\nAnswer each question in its cell by setting the named variable, then "
             "run the notebook top to bottom and submit it. The course's `check()` and `solution()` know the "
             "chapter's numbers, not these: compute with the package (`lrdecay_lessons.schedules`, and "
             "`lrdecay_lessons.training` or `lrdecay_lessons.frameworks` where a question names their functions).")
    cells = [nbformat.v4.new_markdown_cell(intro, metadata=_nbgrader(f"{name}-intro", locked=True)),
             nbformat.v4.new_code_cell("import numpy as np\nfrom lrdecay_lessons import schedules",
                                       metadata=_nbgrader(f"{name}-setup", locked=True))]
    pictures = stored_pictures(chapter_notebook(notebooks, entry["bank"]), entry.get("figures", 0)) \
        if entry.get("figures", 0) else []
    if pictures:
        links = "\n\n".join(f"![figure {i + 1}](attachment:figure-{i + 1}.png)" for i in range(len(pictures)))
        figure_cell = nbformat.v4.new_markdown_cell(f"From the chapter:\n\n{links}",
                                                    metadata=_nbgrader(f"{name}-figures", locked=True))
        figure_cell["attachments"] = {f"figure-{i + 1}.png": {"image/png": png} for i, png in enumerate(pictures)}
        cells.append(figure_cell)
    for item in items:
        cells.extend(exercise_cells(item))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def write_course(spec_path: Path, course: Path, notebooks: Path) -> list[Path]:
    """Write ``course/source/<name>/<name>.ipynb`` for every assignment and ``course/nbgrader_config.py``."""
    spec = load_spec(spec_path)
    notebooks_out = {name: source_notebook(name, entry, notebooks) for name, entry in spec.items()}
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(NBGRADER_CONFIG.format(course_id=COURSE_ID), encoding="utf-8")
    written = []
    for name, nb in notebooks_out.items():
        target = course / "source" / name / f"{name}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", type=Path, help="the assignments' spec (JSON), e.g. assignments/spec.json")
    parser.add_argument("course", type=Path, help="nbgrader's course directory to write, e.g. build/course")
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"), help="the chapters (for pictures)")
    args = parser.parse_args(argv)
    for path in write_course(args.spec, args.course, args.notebooks):
        print(f"assignments: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
