"""nbgrader end to end: `make assignments`' source notebooks, released, then three submissions of each autograded.

Run by `make test-grade` (needs the extra `grade`); each nbgrader command is a subprocess, as a lecturer runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lrdecay_lessons.authoring.assignments import graded_exercises, load_spec, variable_name, write_course
from lrdecay_lessons.exercises import Exercise, solution

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "assignments" / "spec.json"
ASSIGNMENTS = load_spec(SPEC)


def nbgrader(course: Path, *args: str) -> None:
    # nbgrader runs `alembic` from PATH to set up its gradebook: the venv's bin comes first.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"], cwd=course, env=env,
                   check=True, timeout=600)


def wrong_value(item: Exercise):
    """An answer the hidden test must refuse: another choice, the next whole number, or 10 % off."""
    right = item.solve()
    if item.kind == "choice":
        return next(c for c in item.choices if c.lower() != str(right).lower())
    if item.kind == "integer":
        return int(right) + 1
    return float(right) * 1.1 if right else 1.0


def submission(release: Path, answers: dict[str, object] | None) -> nbformat.NotebookNode:
    """The released notebook with each answer cell set to ``answers[variable]`` (None: left as released)."""
    nb = nbformat.read(release, as_version=4)
    if answers is not None:
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                var = variable_name(meta["grade_id"].removesuffix("-answer"))
                cell.source = f"{var} = {answers[var]!r}"
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every assignment of the spec released, and three submissions of each autograded in one batch."""
    course = tmp_path_factory.mktemp("course")
    write_course(SPEC, course, ROOT / "notebooks")
    nbgrader(course, "generate_assignment", "*", "--force")
    results = {}
    for name, entry in ASSIGNMENTS.items():
        items = graded_exercises(name, entry)
        rights = {variable_name(item.key): item.solve() for item in items}
        students = {"right": rights, "wrong": {variable_name(item.key): wrong_value(item) for item in items},
                    "empty": None}
        release = course / "release" / name / f"{name}.ipynb"
        for student, answers in students.items():
            target = course / "submitted" / student / name / f"{name}.ipynb"
            target.parent.mkdir(parents=True)
            nbformat.write(submission(release, answers), target)
        results[name] = {"release": release, "rights": rights}
    nbgrader(course, "autograde", "*")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for name, result in results.items():
            result["scores"] = {s: gradebook.find_submission(name, s).score for s in ("right", "wrong", "empty")}
            result["max_score"] = gradebook.find_assignment(name).max_score
    return {"course": course, "assignments": results}


def test_every_assignment_of_the_spec_is_graded(graded):
    assert sorted(graded["assignments"]) == sorted(ASSIGNMENTS) and len(ASSIGNMENTS) >= 3


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_the_three_submissions_get_their_scores(graded, name):
    result = graded["assignments"][name]
    points = len(result["rights"])
    assert result["max_score"] == points >= 3
    assert result["scores"] == {"right": float(points), "wrong": 0.0, "empty": 0.0}


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_the_release_has_no_answer_and_keeps_the_pictures(graded, name):
    result = graded["assignments"][name]
    nb = nbformat.read(result["release"], as_version=4)
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    assert "is_right" not in code and "BEGIN" not in code
    for var, right in result["rights"].items():
        assert f"{var} = " not in code
        assert isinstance(right, str) or repr(right) not in code  # a choice is named in its own prompt
        assert var in code  # the student is told which variable to set
    pictures = [cell.attachments for cell in nb.cells if cell.get("attachments")]
    figures = ASSIGNMENTS[name].get("figures", 0)
    assert len(pictures) == (1 if figures else 0)
    for i in range(figures):
        assert len(pictures[0][f"figure-{i + 1}.png"]["image/png"]) > 10_000


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_no_graded_answer_is_what_solution_shows(graded, name):
    for var, right in graded["assignments"][name]["rights"].items():
        shown = solution(var.replace("_", "-")).message
        assert shown.startswith("Answer: ")
        assert shown.split("Answer: ", 1)[1].split(".", 1)[0] not in (str(right), repr(right))


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_the_source_keeps_the_solutions(graded, name):
    source = json.loads((graded["course"] / "source" / name / f"{name}.ipynb").read_text())
    text = json.dumps(source)
    points = len(graded["assignments"][name]["rights"])
    assert text.count("BEGIN SOLUTION") == text.count("BEGIN HIDDEN TESTS") == points
