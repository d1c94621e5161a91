"""Self-check exercises: the package, not the notebook, knows the answers.

Each chapter keeps its exercises in a module of this package
(``lrdecay_lessons/exercises/chNN_*.py``) as a tuple ``EXERCISES`` of
:class:`Exercise`. The right answer is never typed in: ``solve`` computes it from
the schedules, so it cannot drift from the formulas.

A key starts with its chapter's prefix (``"step-first-below"`` is chapter 02's, see
:data:`CHAPTER_PREFIXES`), so looking one up loads that chapter's bank only: chapter 02's
questions never import chapter 07's training code.
May import: :mod:`lrdecay_lessons.chapters` and every layer below it.

Everything a learner reads (question, hint, explanation, feedback) is written in English and
translated when it is shown (:mod:`lrdecay_lessons.i18n`): a bank builds its questions as
:class:`~lrdecay_lessons.i18n.Text` when the module loads, and the language chosen later in the
setup cell (``use_course_style(lang="zh")``) applies. A choice exercise accepts a choice in English
or in the learner's language.

In a notebook::

    from lrdecay_lessons.exercises import check, hint, solution
    answer = None          # replace None with your answer
    check("step-first-below", answer)
"""

from __future__ import annotations

import functools
import html
import importlib
import math
import numbers
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

import numpy as np

from ..errors import InvalidParameterError
from ..i18n import Text, tr

__all__ = ["Exercise", "Feedback", "ChoiceList", "CHAPTER_PREFIXES", "check", "hint", "solution", "exercise",
           "all_exercises",
           "question"]

KINDS = ("number", "integer", "choice")


@dataclass(frozen=True, init=False)
class Exercise:
    """One question with a computed answer.

    Parameters
    ----------
    key : str
        Identifier used in ``check(key, answer)``, e.g. ``"step-first-below"``.
    question : str or Text
        The question as the learner reads it (a :class:`~lrdecay_lessons.i18n.Text` is translated
        when shown).
    solve : callable
        Returns the right answer, computed with the package (for a choice: the English choice).
    hint : str or Text
        Shown after a wrong answer, or by ``hint(key)``.
    explanation : callable, optional
        ``explanation(right_answer) -> str or Text``, shown with the solution; for a choice exercise
        it is given the right choice as the learner reads it.
    kind : {"number", "integer", "choice"}
        How answers are compared: within the stated precision, exact whole number,
        or one of ``choices`` (case-insensitive).
    digits : int, default 3
        For ``kind="number"``: the significant digits asked for. An answer counts when
        it lies within half a unit of the last asked digit of the right answer ``x``,
        ``|answer − x| <= ½ · 10^(⌊log10|x|⌋ − digits + 1)``, so the right answer rounded
        to ``digits`` digits, or given with more, is accepted and one off in the last
        digit is not.
    rtol : float, optional
        For ``kind="number"`` answers that are estimates (measured, not computed
        exactly): ``|answer − x| <= rtol · |x|`` instead of ``digits``.
    choices : sequence of str or Text
        The allowed answers for ``kind="choice"``: a ``str`` is a name the learner types as it is
        (``"cosine_annealing"``), a ``Text`` a word the learner may also type in their language
        (``Text("halving")`` accepts ``"halving"`` and, in Chinese, ``"减半"``).

    The learner reads :attr:`text`: ``question`` followed by the precision sentence
    built from ``digits`` or ``rtol``, so what the text asks and what ``check``
    accepts come from the same field. The attributes ``question``, ``hint`` and ``choices``
    are text in the course's language at the moment they are read; ``question_message``,
    ``hint_message`` and ``choice_messages`` keep what was given.
    """

    key: str
    question_message: str | Text
    solve: Callable[[], Any]
    hint_message: str | Text
    explanation: Optional[Callable[[Any], str | Text]]
    kind: str
    digits: int
    rtol: Optional[float]
    choice_messages: tuple[str | Text, ...]

    def __init__(self, key: str, question: str | Text, solve: Callable[[], Any], hint: str | Text,
                 explanation: Optional[Callable[[Any], str | Text]] = None, kind: str = "number", digits: int = 3,
                 rtol: Optional[float] = None, choices: Sequence[str | Text] = ()) -> None:
        given = dict(key=key, question_message=question, solve=solve, hint_message=hint, explanation=explanation,
                     kind=kind, digits=digits, rtol=rtol, choice_messages=tuple(choices))
        for name, value in given.items():
            object.__setattr__(self, name, value)
        self._check()

    @property
    def question(self) -> str:
        """The question without its precision sentence, in the course's language."""
        return str(self.question_message)

    @property
    def hint(self) -> str:
        """The hint, in the course's language."""
        return str(self.hint_message)

    @property
    def choices(self) -> tuple[str, ...]:
        """The choices as the learner reads them: a ``Text`` choice in the course's language."""
        return tuple(str(c) for c in self.choice_messages)

    def _check(self) -> None:
        if self.kind not in KINDS:
            raise InvalidParameterError(f"kind must be one of {KINDS}; got kind={self.kind!r}.")
        if self.kind == "choice" and not self.choices:
            raise InvalidParameterError(f"choices must be given for a choice exercise; got choices={self.choices!r}.")
        if not all(isinstance(c, (str, Text)) and not (isinstance(c, Text) and c.values)
                   for c in self.choice_messages):
            raise InvalidParameterError(
                f"choices must be strings or Text without fields; got choices={self.choices!r}.")
        if isinstance(self.digits, bool) or not isinstance(self.digits, int) or not 2 <= self.digits <= 12:
            raise InvalidParameterError(f"digits must be a whole number from 2 to 12; got digits={self.digits!r}.")
        if self.rtol is not None and (
            isinstance(self.rtol, bool) or not isinstance(self.rtol, numbers.Real) or not 0 < self.rtol < 1
        ):
            raise InvalidParameterError(f"rtol must be None or a number in (0, 1); got rtol={self.rtol!r}.")

    @property
    def precision(self) -> str:
        """The precision sentence appended to the question ("" for whole-number and choice answers)."""
        if self.kind != "number":
            return ""
        if self.rtol is not None:
            return tr("Precision: any answer within {rtol:.0%} of the exact value counts as right.").format(
                rtol=self.rtol)
        return tr("Precision: {digits} significant digits (an answer within half a unit of the {ordinal} "
                  "significant digit counts as right).").format(digits=self.digits, ordinal=_ordinal(self.digits))

    @property
    def text(self) -> str:
        """The question as the learner reads it, with the precision it asks for."""
        if not self.precision:
            return self.question
        return tr("{question} {precision}").format(question=self.question, precision=self.precision)

    @property
    def choice_keys(self) -> tuple[str, ...]:
        """The choices in English, as ``solve`` returns them (what a graded notebook's test compares)."""
        return tuple(c.template if isinstance(c, Text) else c for c in self.choice_messages)

    def shown_choice(self, key: Any) -> str:
        """The choice ``key`` (English, as ``solve`` returns it) as the learner reads it."""
        shown = dict(zip(self.choice_keys, self.choices))
        return shown.get(str(key), str(key))

    def choice_key(self, answer: Any) -> Optional[str]:
        """The English choice that ``answer`` names, in English or the learner's language; None if none."""
        said = _choice_text(answer)
        for key, shown in zip(self.choice_keys, self.choices):
            if said in (key.strip().lower(), shown.strip().lower()):
                return key
        return None

    def tolerance(self, right: float) -> float:
        """The largest accepted distance from the right answer ``right``."""
        right = abs(float(right))
        if self.rtol is not None:
            return self.rtol * right
        if right == 0.0:
            return 0.0
        return 0.5 * 10.0 ** (math.floor(math.log10(right)) - self.digits + 1)

    def is_right(self, answer: Any) -> bool:
        """Whether ``answer`` matches the computed answer."""
        right = self.solve()
        answer = _plain(answer)
        if self.kind == "choice":
            key = self.choice_key(answer)
            said = key if key is not None else answer
            return _choice_text(said) == str(right).strip().lower()
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or not _finite(answer):
            return False
        if self.kind == "integer":
            return float(answer).is_integer() and int(answer) == int(right)
        # The factor 1 + 1e-9 keeps an exactly rounded answer (0.0285 for 0.02855) in, despite binary rounding.
        return abs(float(answer) - float(right)) <= self.tolerance(right) * (1 + 1e-9)


@dataclass(frozen=True)
class ChoiceList:
    """Choices listed in a question as the learner reads them when shown: ``'length', 'shape'``."""

    choices: tuple[str | Text, ...]

    def __str__(self) -> str:
        return ", ".join(repr(str(c)) for c in self.choices)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _plain(answer: Any) -> Any:
    """A 0-d NumPy array (what ``np.where`` or a reduction gives) as its number; anything else as it is."""
    if isinstance(answer, np.ndarray) and answer.ndim == 0 and answer.dtype.kind in "biuf":
        return answer.item()
    return answer


def _finite(answer: numbers.Real) -> bool:
    """``answer`` is a finite number in float range (``10**400`` is not)."""
    try:
        return math.isfinite(float(answer))
    except OverflowError:
        return False


def _choice_text(answer: Any) -> str:
    """A choice as text to compare: ``4.0`` reads as the choice ``"4"``."""
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool) and _finite(answer) \
            and float(answer).is_integer():
        return str(int(answer))
    return str(answer).strip().lower()


def _ordinal(n: int) -> Text:
    """``n`` as an ordinal, "3rd" (in Chinese 第 3 位), translated when shown."""
    if 10 <= n % 100 <= 20 or n % 10 not in (1, 2, 3):
        return Text("{n}th", n=n)
    return (Text("{n}st", n=n), Text("{n}nd", n=n), Text("{n}rd", n=n))[n % 10 - 1]


@dataclass(frozen=True)
class Feedback:
    """What ``check`` says: right, wrong (with a hint) or not answered yet."""

    key: str
    status: str  # "right", "wrong", "unanswered", "invalid", "solution"
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "right"

    def __repr__(self) -> str:
        symbol = {"right": "✓", "wrong": "✗", "invalid": "✗", "unanswered": "…", "solution": "➜"}[self.status]
        return f"{symbol} [{self.key}] {self.message}"

    def _repr_html_(self) -> str:
        colour = {"right": "#067647", "wrong": "#b42318", "invalid": "#b42318",
                  "unanswered": "#475467", "solution": "#175cd3"}[self.status]
        return (
            f'<div style="border-left:6px solid {colour};padding:0.4em 0.8em;font-size:1.1em">'
            f'<b style="color:{colour}">{html.escape(repr(self).split("] ", 1)[0])}]</b> '
            f"{html.escape(self.message)}</div>"
        )


#: The prefix of every key in a chapter's bank, and the bank's module.
CHAPTER_PREFIXES = {
    "map": "ch00_course_map",
    "why": "ch01_why_decay",
    "step": "ch02_step_decay",
    "exp": "ch03_exponential_decay",
    "poly": "ch04_polynomial_decay",
    "cosine": "ch05_cosine_annealing",
    "comparison": "ch06_comparison",
    "hands-on": "ch07_hands_on",
    "lab": "ch08_lab",
    "cycles": "ch09_warmup_cycles",
    "today": "ch10_schedules_of_today",
    "batch": "ch11_batch_size",
    "frameworks": "ch12_frameworks",
    "applications": "ch13_applications",
    "summary": "ch14_summary",
}


@functools.lru_cache(maxsize=None)
def _chapter_bank(module_name: str) -> dict[str, Exercise]:
    module = importlib.import_module(f"{__name__}.{module_name}")
    prefix = next(p for p, name in CHAPTER_PREFIXES.items() if name == module_name)
    bank: dict[str, Exercise] = {}
    for item in module.EXERCISES:
        if not item.key.startswith(prefix + "-"):
            raise RuntimeError(f"exercise key {item.key!r} in {module_name} must start with {prefix + '-'!r}")
        if item.key in bank:
            raise RuntimeError(f"exercise key {item.key!r} is defined twice")
        bank[item.key] = item
    return bank


def all_exercises() -> dict[str, Exercise]:
    """Every exercise of the course, by key (loads every chapter's bank)."""
    bank: dict[str, Exercise] = {}
    for module_name in CHAPTER_PREFIXES.values():
        bank.update(_chapter_bank(module_name))
    return bank


def exercise(key: str) -> Exercise:
    """Look up one exercise, loading only its chapter's bank; an unknown key names the known ones."""
    if not isinstance(key, str):
        raise InvalidParameterError(f"key must be a str such as 'step-first-below'; got key={key!r}.")
    prefix = max((p for p in CHAPTER_PREFIXES if key.startswith(p + "-")), key=len, default=None)
    bank = _chapter_bank(CHAPTER_PREFIXES[prefix]) if prefix is not None else {}
    if key not in bank:
        known = sorted(bank) if bank else sorted(all_exercises())
        raise InvalidParameterError(f"key must be one of {known}; got key={key!r}.")
    return bank[key]


def question(key: str) -> Feedback:
    """The question text, as a box to show above the answer cell."""
    return Feedback(key, "unanswered", exercise(key).text)


def _shown_list(choices: Sequence[str]) -> str:
    """The choices as a list to read: ``['milestones', 'halving']``."""
    return str(list(choices))


def check(key: str, answer: Any) -> Feedback:
    """Say whether ``answer`` is right; give the hint if it is not.

    ``answer=None`` means "not answered yet" and is not counted as wrong.
    """
    item = exercise(key)
    if answer is None:
        return Feedback(key, "unanswered",
                        tr("Not answered yet: replace None with your answer and run the cell again."))
    answer = _plain(answer)
    if item.kind == "choice" and item.choice_key(answer) is None:
        return Feedback(key, "invalid", tr("Answer with one of {choices}; got {answer!r}.").format(
            choices=_shown_list(item.choices), answer=answer))
    if item.kind != "choice" and (isinstance(answer, bool) or not isinstance(answer, numbers.Real)):
        return Feedback(key, "invalid", tr("Answer with a number; got {answer!r}.").format(answer=answer))
    if item.kind != "choice" and not _finite(answer):
        shown = repr(answer) if len(repr(answer)) <= 40 else \
            tr("a number of {count} digits").format(count=len(repr(answer)))
        return Feedback(key, "invalid", tr("Answer with a finite number; got {shown}.").format(shown=shown))
    if item.is_right(answer):
        return Feedback(key, "right", tr("Right: {answer!r}.").format(answer=answer))
    return Feedback(key, "wrong", tr("Not quite: {answer!r}.{near_miss} Hint: {hint}").format(
        answer=answer, near_miss=_near_miss(item, answer), hint=item.hint))


def _near_miss(item: Exercise, answer: Any) -> str:
    """For a number within ten times the precision: say so, and repeat the precision asked for."""
    if item.kind != "number":
        return ""
    right = float(item.solve())
    if abs(float(answer) - right) <= 10 * item.tolerance(right):
        return tr(" Close, but outside the precision asked for. {precision}").format(precision=item.precision)
    return ""


def hint(key: str) -> Feedback:
    """The hint, without an answer."""
    return Feedback(key, "unanswered", tr("Hint: {hint}").format(hint=exercise(key).hint))


def solution(key: str) -> Feedback:
    """The computed answer and, where given, why."""
    item = exercise(key)
    right = item.solve()
    if item.kind == "choice":
        right = item.shown_choice(right)
    shown = f"{right:.6g}" if isinstance(right, float) else repr(right)
    if not item.explanation:
        return Feedback(key, "solution", tr("Answer: {shown}.").format(shown=shown))
    return Feedback(key, "solution", tr("Answer: {shown}. {why}").format(shown=shown, why=item.explanation(right)))
