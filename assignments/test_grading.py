"""nbgrader end to end: `make assignments`' source notebook, released, then three submissions autograded.

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
from lrdecay_lessons.exercises import solution

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "assignments" / "spec.json"
ASSIGNMENT = "step_decay"


def nbgrader(course: Path, *args: str) -> None:
    # nbgrader runs `alembic` from PATH to set up its gradebook: the venv's bin comes first.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"], cwd=course, env=env,
                   check=True, timeout=300)


def wrong_value(right):
    if isinstance(right, str):
        return "halving" if right == "milestones" else "milestones"
    return right + 1 if isinstance(right, int) else right * 1.1


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
    course = tmp_path_factory.mktemp("course")
    write_course(SPEC, course, ROOT / "notebooks")
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    release = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    rights = {variable_name(item.key): item.solve()
              for item in graded_exercises(ASSIGNMENT, load_spec(SPEC)[ASSIGNMENT])}
    students = {"right": rights, "wrong": {var: wrong_value(v) for var, v in rights.items()}, "empty": None}
    for student, answers in students.items():
        target = course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(submission(release, answers), target)
    nbgrader(course, "autograde", ASSIGNMENT)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {s: gradebook.find_submission(ASSIGNMENT, s).score for s in students}
        max_score = gradebook.find_assignment(ASSIGNMENT).max_score
    return {"course": course, "release": release, "rights": rights, "scores": scores, "max_score": max_score}


def test_the_three_submissions_get_their_scores(graded):
    assert graded["max_score"] == len(graded["rights"]) == 3
    assert graded["scores"] == {"right": 3.0, "wrong": 0.0, "empty": 0.0}


def test_the_release_has_no_answer_and_keeps_the_picture(graded):
    nb = nbformat.read(graded["release"], as_version=4)
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    assert "is_right" not in code and "BEGIN" not in code
    for var, right in graded["rights"].items():
        assert f"{var} = " not in code
        assert isinstance(right, str) or repr(right) not in code  # a choice is named in its own prompt
        assert var in code  # the student is told which variable to set
    pictures = [cell.attachments for cell in nb.cells if cell.get("attachments")]
    assert len(pictures) == 1 and len(pictures[0]["figure-1.png"]["image/png"]) > 10_000


def test_no_graded_answer_is_what_solution_shows(graded):
    for var, right in graded["rights"].items():
        shown = solution(var.replace("_", "-")).message
        assert shown.startswith("Answer: ")
        assert shown.split("Answer: ", 1)[1].split(".", 1)[0] not in (str(right), repr(right))


def test_the_source_keeps_the_solutions(graded):
    source = json.loads((graded["course"] / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    text = json.dumps(source)
    assert text.count("BEGIN SOLUTION") == text.count("BEGIN HIDDEN TESTS") == 3
