"""Exercises of chapter 12, from this course to your framework (框架对照).

Every answer comes from the framework table's own translation rules
(:meth:`lrdecay_lessons.frameworks.Translation.translate`).
"""

from __future__ import annotations

from ..frameworks import (
    hf_cosine_schedule_with_warmup,
    hf_trainer_max_steps,
    recorded_pitfall,
    recorded_trace,
    translation,
)
from ..i18n import Text
from . import Exercise
from ..errors import InvalidParameterError

__all__ = [
    "EPOCHS",
    "BATCHES",
    "LR0",
    "LR_MIN",
    "TORCH_PATIENCE",
    "ACCUMULATION",
    "RESUME_ORDERS",
    "BUGGY_STEP_ORDER",
    "BUGGY_ACCUMULATION",
    "BUG_BATCHES",
    "BUG_ACCUM",
    "KERAS_ACCUM",
    "RECORDED",
    "bank",
    "EXERCISES",
]


EPOCHS, BATCHES = 90, 391


LR0, LR_MIN = 0.2, 0.001


TORCH_PATIENCE = 4


#: Gradient accumulation steps, and the batches each of the GPUs sees per epoch, for the accumulation exercise.
ACCUMULATION, PER_GPU_BATCHES, ACCUMULATION_EPOCHS = 8, 1250, 2


#: The three ways to resume in the resume exercise, by letter.
RESUME_ORDERS = {
    "a": "fresh scheduler",
    "b": "optimizer state, then a new scheduler, then its state",
    "c": "new scheduler, then optimizer state, then scheduler state",
}


#: The loop of the first find-the-bug exercise, one statement a line (chapter 12 numbers the lines).
BUGGY_STEP_ORDER = (
    "scheduler = StepLR(optimizer, step_size=3, gamma=0.1)",
    "for batch in loader:",
    "    compute_loss(model, batch).backward()",
    "    scheduler.step()",
    "    optimizer.step()",
    "    optimizer.zero_grad()",
)

#: Batches per epoch and accumulation steps of the second find-the-bug exercise (the batches divide evenly).
BUG_BATCHES, BUG_ACCUM = 400, 4

#: The loop of the second find-the-bug exercise.
BUGGY_ACCUMULATION = (
    "N = epochs * len(loader)",
    "scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=N // 10, num_training_steps=N)",
    "for epoch in range(epochs):",
    "    for i, batch in enumerate(loader):",
    "        (compute_loss(model, batch) / accum).backward()",
    "        if (i + 1) % accum == 0:",
    "            optimizer.step(); scheduler.step(); optimizer.zero_grad()",
)

#: gradient_accumulation_steps in the Keras exercise.
KERAS_ACCUM = 4


def _line(loop: tuple[str, ...], text: str) -> str:
    return str(loop.index(text) + 1)


def _bug_step_order() -> str:
    trace = recorded_trace("step_order")
    if trace["wrong"] == trace["right"]:
        raise InvalidParameterError("the recorded step_order trace must show the two orders apart")
    return _line(BUGGY_STEP_ORDER, "    scheduler.step()")


def _bug_accumulation() -> str:
    epochs = 3
    planned, done = epochs * BUG_BATCHES, epochs * BUG_BATCHES // BUG_ACCUM
    last = float(hf_cosine_schedule_with_warmup(done - 1, 1.0, planned // 10, planned))
    if last < 0.5:
        raise InvalidParameterError("the N of the buggy loop must leave the rate high at the end")
    return _line(BUGGY_ACCUMULATION, "N = epochs * len(loader)")


def _keras_accumulation_end() -> float:
    """The fraction of training after which a decay_steps counted in updates is used up."""
    batches = recorded_pitfall("keras_accumulation")["batches"]
    last = batches[-1]
    # The schedule is called with the batches done; decay_steps = updates is reached after decay_steps batches.
    return last["iterations_after"] / (last["schedule_steps"][-1] + 1)


def _resume_order() -> str:
    trace = recorded_trace("resume")
    right = [k for k, order in RESUME_ORDERS.items() if trace["orders"][order] == trace["uninterrupted"]]
    if len(right) != 1:
        raise InvalidParameterError(f"exactly one resume order must continue the schedule; got {right}")
    return right[0]


#: Exercises whose answers are recorded framework runs and the chapter's own listings; not part of
#: :func:`bank` (no graded variant: other numbers would need new recordings).
RECORDED = (
    Exercise(
        key="frameworks-resume-order",
        question=(
            Text("You resume a Hugging Face warm-up + linear schedule from a checkpoint holding "
                 "optimizer.state_dict() and scheduler.state_dict(). Which order continues the schedule "
                 "exactly? (a) a fresh scheduler, loading only the optimizer's state; (b) load the "
                 "optimizer's state, build the scheduler, load its state; (c) build the scheduler, load "
                 "the optimizer's state, then the scheduler's. Answer a, b or c.")
        ),
        solve=_resume_order,
        hint=(Text("Building a scheduler writes its step-0 rate into the optimizer. Which order lets the "
                   "optimizer's saved rate overwrite that?")),
        explanation=lambda right: (
            Text("({right}): the recorded run continues exactly. (a) runs the warm-up again; (b) trains "
                 "the first update after resuming at the step-0 rate (0 here), because the scheduler's "
                 "load_state_dict does not write the rate back.",
                 right=right)
        ),
        kind="choice",
        choices=("a", "b", "c"),
    ),
    Exercise(
        key="frameworks-bug-step-order",
        question=(
            Text("Find the bug in the first training loop above (lines 1 to {lines}): which line makes every "
                 "update use the rate of the next step? Answer with the line number.",
                 lines=len(BUGGY_STEP_ORDER))
        ),
        solve=_bug_step_order,
        hint=Text("PyTorch's scheduler.step() writes the rate of the next update into the optimizer."),
        explanation=lambda right: (
            Text("Line {right}: scheduler.step() before optimizer.step(). Each update then runs at the "
                 "next step's rate, the first one is skipped, and PyTorch warns. Swap lines 4 and 5.",
                 right=right)
        ),
        kind="choice",
        choices=tuple(str(i + 1) for i in range(len(BUGGY_STEP_ORDER))),
    ),
    Exercise(
        key="frameworks-bug-accumulation-n",
        question=(
            Text("Find the bug in the second loop above (len(loader) = {BUG_BATCHES}, accum = "
                 "{BUG_ACCUM}, so the batches divide evenly): which line leaves the rate far above 0 when "
                 "training stops? Answer with the line number.",
                 BUG_BATCHES=BUG_BATCHES, BUG_ACCUM=BUG_ACCUM)
        ),
        solve=_bug_accumulation,
        hint=Text("How many times is scheduler.step() called in the whole run, and what does the schedule "
                  "expect?"),
        explanation=lambda right: (
            Text("Line {right}: N counts batches, but the scheduler steps once per update, every "
                 "{BUG_ACCUM} batches. The run stops a {BUG_ACCUM}th of the way into the schedule. N = "
                 "epochs * math.ceil(len(loader) / accum).",
                 right=right, BUG_ACCUM=BUG_ACCUM)
        ),
        kind="choice",
        choices=tuple(str(i + 1) for i in range(len(BUGGY_ACCUMULATION))),
    ),
    Exercise(
        key="frameworks-keras-accumulation-end",
        question=(
            Text("In Keras you count N = epochs * steps_per_epoch // accum optimizer updates, pass "
                 "CosineDecay(3e-4, decay_steps=N) and AdamW(learning_rate=schedule, "
                 "gradient_accumulation_steps={KERAS_ACCUM}). After what fraction of the training does "
                 "the rate reach 0? Predict it before you look at the trap table.",
                 KERAS_ACCUM=KERAS_ACCUM)
        ),
        solve=_keras_accumulation_end,
        hint=Text("Which count does Keras pass to the schedule under gradient accumulation: updates or "
                  "batches?"),
        explanation=lambda right: (
            Text("{right:g}: the schedule is called with the batches done, {KERAS_ACCUM} per update, so "
                 "decay_steps = N updates is used up after N batches, a {KERAS_ACCUM}th of the run. Count "
                 "decay_steps in batches: decay_steps = epochs * steps_per_epoch.",
                 right=right, KERAS_ACCUM=KERAS_ACCUM)
        ),
    ),
)


def bank(*, epochs: int = EPOCHS, batches: int = BATCHES, lr0: float = LR0, lr_min: float = LR_MIN,
         torch_patience: int = TORCH_PATIENCE, accumulation: int = ACCUMULATION,
         per_gpu_batches: int = PER_GPU_BATCHES, accumulation_epochs: int = ACCUMULATION_EPOCHS) -> tuple[Exercise, ...]:
    """The chapter's translation exercises for the given numbers (the defaults are the chapter's, :data:`EXERCISES`).

    Each argument replaces the module constant of the same name in capitals. The answers come from the
    framework table's translation rules; :data:`RECORDED` has no graded variant. A graded assignment
    (``make assignments``) asks the same questions with numbers of its own, so
    :func:`~lrdecay_lessons.exercises.solution` on the chapter's key does not give its answer.
    """

    def t_max_per_batch() -> int:
        row = translation("cosine_annealing", "pytorch")
        return int(row.translate({"lr0": 0.1, "total_steps": epochs * batches})["T_max"])

    def keras_alpha() -> float:
        row = translation("cosine_annealing", "keras")
        return float(row.translate({"lr0": lr0, "total_steps": 1000, "lr_min": lr_min})["alpha"])

    def keras_patience() -> int:
        row = translation("plateau_schedule", "keras")
        ours = {"lr0": 0.1, "patience": torch_patience, "threshold": 0.0, "threshold_mode": "abs"}
        return int(row.translate(ours)["patience"])

    def accumulation_steps() -> int:
        return hf_trainer_max_steps(per_gpu_batches, accumulation, accumulation_epochs)

    return (
        Exercise(
            key="frameworks-t-max-per-batch",
            question=(
                Text("You train for {epochs} epochs of {batches} batches and want one cosine from η₀ down to "
                     "η_min over the whole run. You call scheduler.step() after every batch. Which T_max do "
                     "you pass to PyTorch's CosineAnnealingLR?",
                     epochs=epochs, batches=batches)
            ),
            solve=t_max_per_batch,
            hint=Text("T_max counts calls of scheduler.step(). How many times do you call it in the whole run?"),
            explanation=lambda right: (
                Text("One call per batch: T_max = {epochs} × {batches} = {right}. T_max = {epochs} would "
                     "finish the cosine after {epochs} batches and then oscillate.",
                     epochs=epochs, batches=batches, right=right)
            ),
            kind="integer",
        ),
        Exercise(
            key="frameworks-keras-alpha",
            question=(
                Text("Cosine annealing from η₀ = {lr0} down to η_min = {lr_min}. What alpha do you pass to "
                     "Keras's CosineDecay?",
                     lr0=lr0, lr_min=lr_min)
            ),
            solve=keras_alpha,
            hint=Text("Keras's alpha is not a learning rate: it is the floor as a fraction of "
                      "initial_learning_rate."),
            explanation=lambda right: Text("alpha = η_min / η₀ = {lr_min} / {lr0} = {right:g}.",
                                           lr_min=lr_min, lr0=lr0, right=right),
        ),
        Exercise(
            key="frameworks-keras-patience",
            question=(
                Text("Your PyTorch recipe uses ReduceLROnPlateau(patience={torch_patience}). Which patience "
                     "makes Keras's ReduceLROnPlateau callback cut the rate after exactly the same epochs?",
                     torch_patience=torch_patience)
            ),
            solve=keras_patience,
            hint=(
                Text("PyTorch cuts when the count of bad epochs exceeds patience; Keras when the count "
                     "reaches patience. Look at the trap table 'Plateau patience counts differently'.")
            ),
            explanation=lambda right: (
                Text("PyTorch cuts at bad epoch {torch_patience} + 1; Keras at bad epoch = patience, so "
                     "patience = {right}.",
                     torch_patience=torch_patience, right=right)
            ),
            kind="integer",
        ),
        Exercise(
            key="frameworks-accumulation-steps",
            question=(
                Text("Four GPUs, each process's loader holds {per_gpu_batches} batches per epoch, "
                     "gradient_accumulation_steps={accumulation}, {accumulation_epochs} epochs. You build "
                     "get_linear_schedule_with_warmup yourself: which num_training_steps ends the schedule "
                     "when training ends, as the Trainer plans it?",
                     per_gpu_batches=per_gpu_batches, accumulation=accumulation,
                     accumulation_epochs=accumulation_epochs)
            ),
            solve=accumulation_steps,
            hint=(Text("The scheduler steps once per optimizer update. Each process already sees only its share "
                       "of the batches; the Trainer rounds each epoch's updates up.")),
            explanation=lambda right: (
                Text("ceil({per_gpu_batches} / {accumulation}) = {updates_per_epoch} updates per epoch, × "
                     "{accumulation_epochs} epochs = {right}. Counting batches ({batches}) or all four GPUs' "
                     "batches leaves the rate far above 0 at the end.",
                     per_gpu_batches=per_gpu_batches, accumulation=accumulation,
                     updates_per_epoch=-(-per_gpu_batches // accumulation), accumulation_epochs=accumulation_epochs,
                     right=right,
                     batches=per_gpu_batches * accumulation_epochs)
            ),
            kind="integer",
        ),
    )


EXERCISES = bank() + RECORDED
