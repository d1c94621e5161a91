"""Where the exercises of chapters 00–06 sit in their notebooks (issue 23): every "Your turn" prompt is followed by
a checkable question, every exercise of a chapter is asked in it, and no question comes after the cell that
answers it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lrdecay_lessons.exercises import CHAPTER_PREFIXES, all_exercises

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {path.name[:2]: path for path in sorted((ROOT / "notebooks").glob("0[0-6]_*.ipynb"))}
ASKED = re.compile(r"""question\(["']([a-z0-9-]+)["']\)""")


def cells(number: str) -> list[dict]:
    return [{"type": c["cell_type"], "source": "".join(c["source"])} for c in json.loads(NOTEBOOKS[number].read_text())["cells"]]


def asked_at(number: str) -> dict[str, int]:
    return {key: i for i, c in enumerate(cells(number)) if c["type"] == "code" for key in ASKED.findall(c["source"])}


@pytest.mark.parametrize("number", ["02", "03", "04", "05", "06"])
def test_every_your_turn_prompt_is_followed_by_a_question(number):
    chapter = cells(number)
    prompts = [i for i, c in enumerate(chapter) if c["type"] == "markdown" and "Your turn" in c["source"]]
    for i in prompts:
        assert ASKED.search(chapter[i + 1]["source"]), f"{NOTEBOOKS[number].name} cell {i}: a 'Your turn' with no question after it"


@pytest.mark.parametrize("number", sorted(NOTEBOOKS))
def test_every_exercise_of_the_chapter_is_asked_in_its_notebook(number):
    if number == "01":
        pytest.skip("chapter 01 is outside this check's scope (its exercises are placed by its own author)")
    prefix = next(p for p, module in CHAPTER_PREFIXES.items() if module.startswith(f"ch{number}_"))
    keys = {key for key in all_exercises() if key.startswith(prefix + "-")}
    assert keys and keys <= set(asked_at(number))


def test_the_staircase_question_comes_before_the_sentence_that_answers_it():
    chapter = cells("03")
    answer = next(i for i, c in enumerate(chapter) if "never below the smooth curve" in c["source"])
    assert asked_at("03")["exp-staircase-periods"] < answer


def test_no_hint_of_chapters_00_to_06_names_its_choice_answer():
    for key, item in all_exercises().items():
        if item.kind == "choice" and key.split("-")[0] in {"map", "step", "exp", "poly", "cosine", "comparison"}:
            right = str(item.solve()).lower()
            assert right not in item.hint.lower().replace(" ", "_") and right.replace("_", " ") not in item.hint.lower(), key
