"""The final quiz of chapter 14, summary and FAQ (总结 / 常见问题与解答): one question per part of the course."""

from __future__ import annotations

import numpy as np

from ..chapters.ch14_summary import decay_choices
from ..frameworks import recorded_case
from ..schedules import cosine_annealing, cosine_restarts, epoch_stepped, exponential_decay, restarted_clock, schedule
from ..schedules.recipes import RECIPES, recipe
from ..errors import InvalidParameterError
from ..i18n import Text
from . import Exercise

__all__ = [
    "ARTICLE_EXP",
    "ARTICLE_AT",
    "PYTORCH_AT",
    "PER_EPOCH",
    "PER_EPOCH_AT",
    "RESUME",
    "RESUME_AT",
    "RESUME_ASK",
    "BERT_AT",
    "SGDR_EPOCHS",
    "EXTEND_CHOICES",
    "FIXED",
    "bank",
    "EXERCISES",
]


ARTICLE_EXP = {"lr0": 0.1, "gamma": 0.9, "total_steps": 1000}


ARTICLE_AT = 500


PYTORCH_AT = 15


PER_EPOCH = {"lr0": 0.1, "epochs": 10, "steps_per_epoch": 100}


PER_EPOCH_AT = 250


RESUME = {"lr0": 0.1, "total_steps": 1000}


RESUME_AT, RESUME_ASK = 600, 999


BERT_AT = 505_000


SGDR_EPOCHS = 150


def _lands_highest() -> str:
    return max(RECIPES, key=lambda r: r.final_fraction).key


#: The schedules of the "extend the run" question, by answer, and the row of decay_choices each is.
EXTEND_CHOICES = {"cosine": "cosine to 0", "linear": "linear to 0", "wsd": "WSD, 1-sqrt cooldown (20%)"}


def _extend_choice() -> str:
    kept = {row[0]: row[3] for row in decay_choices(1.0, 1000, 10, 0.2).rows}
    return max(EXTEND_CHOICES, key=lambda answer: kept[EXTEND_CHOICES[answer]])


def _restart_epochs(sgdr_epochs: int = SGDR_EPOCHS) -> list[int]:
    epochs = np.arange(1, sgdr_epochs)
    return epochs[cosine_restarts(epochs, lr0=0.1, period=10, period_mult=2) == 0.1].tolist()


#: Questions about the course's fixed recipe table and schedule choices; not part of :func:`bank`
#: (no graded variant: no number of theirs changes the answer).
FIXED = (
    Exercise(
        key="summary-lands-highest",
        question=(
            Text("Of the recipes of chapter 13, which ends its planned run at the highest rate relative "
                 "to its own peak? Answer with its key.")
        ),
        solve=_lands_highest,
        hint=Text("Which schedule has no horizon and falls only like 1/√t?"),
        explanation=lambda key: Text("{key}: it ends at {final_fraction:.2g} of its peak.",
                                     key=key, final_fraction=recipe(key).final_fraction),
        kind="choice",
        choices=tuple(r.key for r in RECIPES),
    ),
    Exercise(
        key="summary-extend-run",
        question=(
            Text("You start a 1000-step run today; next month you may be given the compute to double it, "
                 "and you do not want to redo the first 1000 steps. Which schedule keeps the most of its "
                 "planned rates if the plan becomes 2000 steps: cosine (to 0), linear (to 0) or wsd (20% "
                 "cooldown)? Answer cosine, linear or wsd.")
        ),
        solve=_extend_choice,
        hint=Text("Which of the three depends on T only in its last part? Look at the last column of "
                  "decay_choices."),
        explanation=lambda answer: (
            Text("{answer}: its plan for T equals its plan for 2T until the cooldown starts; cosine's and "
                 "linear decay's depend on T from the first step after the warm-up.",
                 answer=answer)
        ),
        kind="choice",
        choices=tuple(EXTEND_CHOICES),
    ),
)


_PYTORCH_T_MAX = 10


def bank(*, article_exp: dict = ARTICLE_EXP, article_at: int = ARTICLE_AT, pytorch_at: int = PYTORCH_AT,
         per_epoch: dict = PER_EPOCH, per_epoch_at: int = PER_EPOCH_AT, resume: dict = RESUME,
         resume_at: int = RESUME_AT, resume_ask: int = RESUME_ASK, bert_at: int = BERT_AT,
         sgdr_epochs: int = SGDR_EPOCHS) -> tuple[Exercise, ...]:
    """The quiz's numeric questions for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    Each argument replaces the module constant of the same name in capitals; ``pytorch_at`` is a recorded
    step past T_max = 10 (11 … 20). :data:`FIXED` has no graded variant. A graded assignment
    (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """
    if isinstance(pytorch_at, bool) or pytorch_at not in range(_PYTORCH_T_MAX + 1, 2 * _PYTORCH_T_MAX + 1):
        raise InvalidParameterError(f"pytorch_at must be a recorded step past T_max, 11 … 20; "
                                    f"got pytorch_at={pytorch_at!r}.")
    if not 0 < resume_at < resume_ask < resume["total_steps"]:
        raise InvalidParameterError(f"resume_at and resume_ask must satisfy 0 < resume_at < resume_ask < "
                                    f"total_steps = {resume['total_steps']}; got {resume_at!r} and {resume_ask!r}.")
    article = (article_exp, article_at) == (ARTICLE_EXP, ARTICLE_AT)
    exponent = article_at / article_exp["total_steps"]
    epoch = per_epoch_at // per_epoch["steps_per_epoch"]
    last = Text("the last planned step") if resume_ask == resume["total_steps"] - 1 else Text("a planned step")

    def pytorch_past_end() -> float:
        case = recorded_case("pytorch", "cosine_annealing", total_steps=_PYTORCH_T_MAX, lr_min=0.0)
        return float(case.values[list(case.steps).index(pytorch_at)])

    def per_epoch_rate() -> float:
        cosine = schedule("cosine_annealing", lr0=per_epoch["lr0"], total_steps=per_epoch["epochs"])
        return epoch_stepped(cosine, per_epoch["steps_per_epoch"])(per_epoch_at)

    def resume_rate() -> float:
        return restarted_clock(schedule("cosine_annealing", **resume), resume_at)(resume_ask)

    return (
        Exercise(
            key="summary-article-exponential",
            question=(
                (Text("The article's exponential example (§4.2): η₀ = {lr0}, γ = {gamma}, T = {total_steps}. "
                      "What is the rate at t = {article_at}, computed from the formula (not the number the "
                      "article prints)?",
                      lr0=article_exp['lr0'], gamma=article_exp['gamma'], total_steps=article_exp['total_steps'],
                      article_at=article_at)) if article else
                (Text("Exponential decay η₀ · γ^(t/T) with η₀ = {lr0}, γ = {gamma}, T = {total_steps}. What is "
                      "the rate at t = {article_at}?",
                      lr0=article_exp['lr0'], gamma=article_exp['gamma'], total_steps=article_exp['total_steps'],
                      article_at=article_at))
            ),
            solve=lambda: exponential_decay(article_at, **article_exp),
            hint=Text("η₀ · γ^(t/T): the exponent is {exponent:g}.",
                      exponent=exponent),
            explanation=(
                (lambda lr: Text("0.1 · 0.9^0.5 = {lr:.5g}; the article prints 0.0619 (chapter 03).",
                                 lr=lr)) if article else
                (lambda lr: Text("{lr0} · {gamma}^{exponent:g} = {lr:.5g}.", lr0=article_exp['lr0'],
                                 gamma=article_exp['gamma'], exponent=exponent, lr=lr))
            ),
        ),
        Exercise(
            key="summary-pytorch-past-end",
            question=(
                Text("PyTorch's CosineAnnealingLR(optimizer(lr=0.1), T_max={_PYTORCH_T_MAX}, eta_min=0) is "
                     "stepped past its end. What rate does it give at step {pytorch_at}? (The course's "
                     "cosine_annealing holds 0 there.)",
                     _PYTORCH_T_MAX=_PYTORCH_T_MAX, pytorch_at=pytorch_at)
            ),
            solve=pytorch_past_end,
            hint=Text("PyTorch's cosine keeps following cos(πt/T_max) after T_max: it climbs back up."),
            explanation=lambda lr: (
                Text("Recorded from PyTorch: {lr:.4g} = 0.1 · ½(1 + cos({turns:g}π)) (chapter 12).",
                     lr=lr, turns=pytorch_at / _PYTORCH_T_MAX)),
        ),
        Exercise(
            key="summary-per-epoch",
            question=(
                Text("A cosine over {epochs} epochs (η₀ = {lr0}) is stepped once per epoch; each epoch has "
                     "{steps_per_epoch} batches. What rate is used at update {per_epoch_at} (counted from 0)?",
                     epochs=per_epoch['epochs'], lr0=per_epoch['lr0'], steps_per_epoch=per_epoch['steps_per_epoch'],
                     per_epoch_at=per_epoch_at)
            ),
            solve=per_epoch_rate,
            hint=Text("Which epoch is update {per_epoch_at} in? The rate is the cosine at that whole epoch.",
                      per_epoch_at=per_epoch_at),
            explanation=lambda lr: (
                Text("Update {per_epoch_at} is in epoch {epoch}: {lr0} · ½(1 + cos({epoch}π/{epochs})) = "
                     "{lr:.4g}.",
                     per_epoch_at=per_epoch_at, epoch=epoch, lr0=per_epoch['lr0'], epochs=per_epoch['epochs'], lr=lr)
            ),
        ),
        Exercise(
            key="summary-resume-bug",
            question=(
                Text("A cosine with η₀ = {lr0} and T = {total_steps} is checkpointed and resumed at step "
                     "{resume_at}, but the script restarts the schedule's step counter at 0. What rate does "
                     "it use at step {resume_ask} ({last})?",
                     lr0=resume['lr0'], total_steps=resume['total_steps'], resume_at=resume_at,
                     resume_ask=resume_ask, last=last)
            ),
            solve=resume_rate,
            hint=Text("After the restart the schedule is evaluated at t − {resume_at}.",
                      resume_at=resume_at),
            explanation=lambda lr: (
                Text("cosine_annealing({restarted_step}) = {lr:.4g} instead of {planned_rate:.2g}: the run ends at "
                     "a high rate.",
                     restarted_step=resume_ask - resume_at, lr=lr, planned_rate=cosine_annealing(resume_ask, **resume))
            ),
        ),
        Exercise(
            key="summary-bert-midway",
            question=(Text("The BERT recipe (peak 1e-4, 10,000 warm-up steps, linear to 0 at 1,000,000): the rate "
                           "at step {bert_at:,}?",
                           bert_at=bert_at)),
            solve=lambda: recipe("bert").schedule(bert_at),
            hint=Text("After the warm-up the linear decay runs over the remaining 990,000 steps."),
            explanation=lambda lr: Text("1e-4 · (1 − {decay_steps_done:,}/990,000) = {lr:.3g}.",
                                        decay_steps_done=bert_at - 10_000, lr=lr),
        ),
        Exercise(
            key="summary-sgdr-restarts",
            question=(
                Text("SGDR with T₀ = 10 and T_mult = 2 runs for {sgdr_epochs} epochs. How many times does the "
                     "rate jump back to η₀ after epoch 0, within the run?",
                     sgdr_epochs=sgdr_epochs)
            ),
            solve=lambda: len(_restart_epochs(sgdr_epochs)),
            hint=Text("The cycles last 10, 20, 40, 80, ... epochs: where do they start?"),
            explanation=lambda n: (
                Text("Restarts at epochs {restarts}: {n} of them within the {sgdr_epochs} epochs.",
                     restarts=_restart_epochs(sgdr_epochs), n=n, sgdr_epochs=sgdr_epochs)),
            kind="integer",
        ),
    )


EXERCISES = bank() + FIXED
