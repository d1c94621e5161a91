"""Exercises of chapter 02, step decay (阶梯衰减)."""

from __future__ import annotations

from ..schedules import exponential_decay, multistep_decay, step_decay
from ..schedules.measures import count_changes, first_step_below, mean_rate, training_curve
from ..i18n import Text
from . import Exercise

__all__ = [
    "HALF_PERIOD",
    "RUN",
    "PREDICTIONS",
    "ARTICLE",
    "THRESHOLD",
    "EPOCH_RECIPE",
    "BATCHES_PER_EPOCH",
    "ACCUMULATION",
    "MULTISTEP",
    "HALVING",
    "AT_EPOCH",
    "bank",
    "EXERCISES",
]


# The article's worked example (§4.1).
ARTICLE = {"lr0": 0.1, "gamma": 0.5, "step_size": 100}


THRESHOLD = 1e-3


# "Halve every 10 epochs", with 48 batches per epoch, gradients accumulated over 4 batches and the
# scheduler stepped after every optimizer update (not every batch, as in the chapter's example).
EPOCH_RECIPE = {"lr0": 0.1, "gamma": 0.5, "step_size": 10}


BATCHES_PER_EPOCH = 48


ACCUMULATION = 4


# Two recipes from the same start: x0.1 at hand-placed milestones, or halving every 10 epochs.
MULTISTEP = {"lr0": 0.1, "milestones": (30, 60, 80), "gamma": 0.1}


HALVING = {"lr0": 0.1, "gamma": 0.5, "step_size": 10}


AT_EPOCH = 70


# The chapter's "Your turn": the article's example with half its period, over a run of RUN steps t = 0 … RUN − 1.
HALF_PERIOD = {"lr0": 0.1, "gamma": 0.5, "step_size": 50}


RUN = 1000


def _half_period_final() -> float:
    return float(training_curve(step_decay, RUN, **HALF_PERIOD)[1][-1])


def _budget_ratio() -> float:
    """Σ η(t) of step decay over the run, divided by that of the smooth η₀ γ^(t/s) with the same γ and s."""
    stepped = mean_rate(*training_curve(step_decay, RUN, **ARTICLE))
    smooth = mean_rate(*training_curve(exponential_decay, RUN, lr0=ARTICLE["lr0"], gamma=ARTICLE["gamma"],
                                       total_steps=ARTICLE["step_size"]))
    return stepped / smooth


#: Exercises that ask for a prediction; not part of :func:`bank` (no graded variant).
PREDICTIONS = (
    Exercise(
        key="step-half-period-final",
        question=(
            Text("Predict before you move a slider: step decay from η₀ = {lr0} with γ = {gamma} and half "
                 "the article's period, s = {step_size}, over a run of {RUN} steps (t = 0 … {last_step}). What "
                 "rate does the last step, t = {last_step}, use?",
                 lr0=HALF_PERIOD['lr0'], gamma=HALF_PERIOD['gamma'], step_size=HALF_PERIOD['step_size'], RUN=RUN,
                 last_step=RUN - 1)
        ),
        solve=_half_period_final,
        hint=Text("Count the drops that have happened by the last step: k = ⌊t/s⌋ at t = T − 1, not at t = "
                  "T."),
        explanation=lambda right: (
            Text("⌊{last_step}/{step_size}⌋ = {drops} drops ({changes} changes over the run), so η = 0.1 · "
                 "0.5^{drops} = {right:.3g}.",
                 last_step=RUN - 1, step_size=HALF_PERIOD['step_size'], drops=(RUN - 1) // HALF_PERIOD['step_size'],
                 changes=count_changes(*training_curve(step_decay, RUN, **HALF_PERIOD)), right=right)
        ),
    ),
    Exercise(
        key="step-budget-ratio",
        question=(
            Text("Step decay (η₀ = {lr0}, γ = {gamma}, s = {step_size}) and the smooth η₀ γ^(t/s) meet at "
                 "every drop. Over a run of {RUN} steps (t = 0 … {last_step}), how many times larger is step "
                 "decay's sum of rates Σ η(t), the total distance it lets the weights move per unit "
                 "gradient? Predict (larger, equal or smaller?) before you compute.",
                 lr0=ARTICLE['lr0'], gamma=ARTICLE['gamma'], step_size=ARTICLE['step_size'], RUN=RUN, last_step=RUN - 1)
        ),
        solve=_budget_ratio,
        hint=(
            Text("Between two drops step decay holds the rate of the period's start, while the smooth "
                 "curve is already below it. One period is enough: 100 · η₀ against η₀ · Σ γ^(j/s) over j "
                 "= 0 … s − 1.")
        ),
        explanation=lambda right: (
            Text("Each period is the same up to the factor γ^k, so the ratio is s / Σ_j γ^(j/s) = "
                 "{right:.4g}: step decay moves the weights about {extra:.0%} further.",
                 right=right, extra=right - 1)
        ),
    ),
)


def bank(*, article: dict = ARTICLE, threshold: float = THRESHOLD, epoch_recipe: dict = EPOCH_RECIPE,
         batches_per_epoch: int = BATCHES_PER_EPOCH, accumulation: int = ACCUMULATION,
         multistep: dict = MULTISTEP, halving: dict = HALVING, at_epoch: int = AT_EPOCH) -> tuple[Exercise, ...]:
    """The chapter's exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    A graded assignment (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """

    # The chapter's numbers are the article's; an assignment's are not, and its question must not say so.
    numbers = f"η₀ = {article['lr0']}, γ = {article['gamma']}, s = {article['step_size']}"
    setting = Text("the article's example ({numbers})",
                   numbers=numbers) if article == ARTICLE else numbers

    def first_below() -> int:
        return first_step_below(*training_curve(step_decay, 10_000, **article), threshold)

    def per_update_step_size() -> int:
        """The first optimizer update at which the per-epoch recipe drops: that is the period in updates."""
        updates_per_epoch = batches_per_epoch // accumulation

        def per_epoch(update, lr0, gamma, step_size):
            return step_decay(update // updates_per_epoch, lr0=lr0, gamma=gamma, step_size=step_size)

        return first_step_below(*training_curve(per_epoch, 10_000, **epoch_recipe), epoch_recipe["lr0"])

    def lower_at_epoch() -> str:
        milestones, halves = multistep_decay(at_epoch, **multistep), step_decay(at_epoch, **halving)
        return "milestones" if milestones < halves else "halving"

    return (
        Exercise(
            key="step-first-below",
            question=(
                Text("Step decay with {setting}: at which step t does the learning rate first fall below "
                     "{threshold:g}? Answer with a whole number of steps.",
                     setting=setting, threshold=threshold)
            ),
            solve=first_below,
            hint=(
                Text("Find the smallest whole k with η₀·γ^k < threshold (try k = 1, 2, 3, ...); the rate "
                     "takes the value η₀·γ^k from step t = k·s on.")
            ),
            explanation=lambda t: (
                Text("After k = {drops} drops the rate is {rate:.3g} < {threshold:g}, one drop earlier it was "
                     "{rate_before:.3g}; the k-th drop happens at t = k·s.",
                     drops=t // article['step_size'], rate=step_decay(t, **article), threshold=threshold,
                     rate_before=step_decay(t - 1, **article))
            ),
            kind="integer",
        ),
        Exercise(
            key="step-epochs-to-steps",
            question=(
                Text("A paper says: start at η₀ = {lr0} and multiply by γ = {gamma} every {step_size} epochs. "
                     "Your data loader gives {batches_per_epoch} batches per epoch, you accumulate gradients "
                     "over {accumulation} batches before each optimizer update, and your code calls "
                     "scheduler.step() after every optimizer update. Which step_size reproduces the paper's "
                     "schedule?",
                     lr0=epoch_recipe['lr0'], gamma=epoch_recipe['gamma'], step_size=epoch_recipe['step_size'],
                     batches_per_epoch=batches_per_epoch, accumulation=accumulation)
            ),
            solve=per_update_step_size,
            hint=Text("t counts what scheduler.step() counts: optimizer updates. How many of those make one "
                      "epoch?"),
            explanation=lambda s: (
                Text("{batches_per_epoch} batches / {accumulation} per update = {updates_per_epoch} updates per "
                     "epoch, × {step_size} epochs = {s}: the period must be given in the unit that t counts.",
                     batches_per_epoch=batches_per_epoch, accumulation=accumulation,
                     updates_per_epoch=batches_per_epoch // accumulation, step_size=epoch_recipe['step_size'], s=s)
            ),
            kind="integer",
        ),
        Exercise(
            key="step-multistep-milestones",
            question=(
                Text("Two recipes start at η₀ = {lr0}. 'milestones': multiply by {gamma} at epochs {milestones}. "
                     "'halving': multiply by {gamma_2} every {step_size} epochs. Which one has the lower "
                     "learning rate at epoch {at_epoch}? Decide first, then check with the package.",
                     lr0=multistep['lr0'], gamma=multistep['gamma'],
                     milestones=', '.join(str(m) for m in multistep['milestones']), gamma_2=halving['gamma'],
                     step_size=halving['step_size'], at_epoch=at_epoch)
            ),
            solve=lower_at_epoch,
            hint=Text("Count the drops each recipe has made by that epoch (a milestone at or before it counts)."),
            explanation=lambda which: (
                Text("milestones: {milestones_rate:.3g} after {cuts} cuts by {gamma}; halving: {halving_rate:.3g} "
                     "after {halvings} halvings. Lower: {which}.",
                     milestones_rate=multistep_decay(at_epoch, **multistep),
                     cuts=sum(m <= at_epoch for m in multistep['milestones']), gamma=multistep['gamma'],
                     halving_rate=step_decay(at_epoch, **halving), halvings=at_epoch // halving['step_size'],
                     which=which)
            ),
            kind="choice",
            choices=(Text("milestones"), Text("halving")),
        ),
    )


EXERCISES = PREDICTIONS + bank()
