"""Exercises of chapter 08, the lab (实验:一个小网络): what a protocol over a few seeds can say."""

from __future__ import annotations

from ..experiments.ch08 import winners_curse
from ..i18n import Text
from . import ChoiceList, Exercise

__all__ = ["SIGN_SEEDS", "CURSE_CHOICES", "PREDICTIONS", "EXERCISES"]


#: How many evaluation seeds the sign-count question asks about.
SIGN_SEEDS = 8


#: The two answers of the winner's-curse prediction.
CURSE_CHOICES = (Text("further"), Text("closer"))


def _all_same_sign_by_chance(seeds: int = SIGN_SEEDS) -> float:
    """Chance that every one of ``seeds`` paired differences has the same sign when nothing differs: 2 · 0.5ⁿ."""
    return 2 * 0.5 ** seeds


def _curse_means() -> tuple[float, float]:
    """The chosen peak's mean on its own tuning seeds (in seed spreads; the truth is 0), tuned on 1 seed and on 3."""
    return winners_curse(tuning_seeds=1).tuning_mean, winners_curse(tuning_seeds=3).tuning_mean


def _one_seed_further_or_closer() -> str:
    one, three = _curse_means()
    return "further" if one < three else "closer"


#: Predictions only: no graded variant.
PREDICTIONS = (
    Exercise(
        key="lab-sign-count-chance",
        question=Text("Two schedules that are exactly as good are compared on {seeds} evaluation seeds. How likely "
                      "is it that one of them ends lower on all {seeds} seeds (either one), by chance alone?",
                      seeds=SIGN_SEEDS),
        solve=_all_same_sign_by_chance,
        hint=Text("Each seed's difference is lower or higher with probability 1/2, independently; count both "
                  "directions."),
        explanation=lambda p: Text("2 × 0.5^{seeds} = {p:.4g}: below 5 %, yet the chapter still draws its verdict "
                                   "from the interval, which also weighs how large the differences are.",
                                   seeds=SIGN_SEEDS, p=p),
        rtol=0.01,
    ),
    Exercise(
        key="lab-curse-one-seed",
        question=Text("Predict before you compute: if each peak of the simulation were picked on 1 tuning seed "
                      "instead of 3, would the chosen peak's mean on its own tuning seeds lie further below the "
                      "truth (0), or closer to it? Answer one of {choices}.",
                      choices=ChoiceList(CURSE_CHOICES)),
        solve=_one_seed_further_or_closer,
        hint=Text("Run exp08.winners_curse(tuning_seeds=1) and compare its tuning_mean with the one printed above."),
        explanation=lambda answer: Text("Tuned on 1 seed: {one:+.2f}; on 3 seeds: {three:+.2f} (seed spreads): the "
                                        "noisier the tuning, the more the winner's luck flatters it.",
                                        one=_curse_means()[0], three=_curse_means()[1]),
        kind="choice",
        choices=CURSE_CHOICES,
    ),
)


EXERCISES = PREDICTIONS
