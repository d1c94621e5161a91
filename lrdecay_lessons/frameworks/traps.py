r"""The traps users of each framework fall into, each with a computed demonstration where one fits.

:data:`TRAPS` maps a key to a :class:`Trap`; the rows of :data:`~lrdecay_lessons.frameworks.TRANSLATIONS`
name the traps that concern them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Mapping

import numpy as np

from .. import schedules as _schedules
from .huggingface import (
    hf_constant_schedule_with_warmup,
    hf_cosine_schedule_with_warmup,
    hf_cosine_with_min_lr_schedule_with_warmup,
    hf_cosine_with_min_lr_schedule_with_warmup_lr_rate,
    hf_linear_schedule_with_warmup,
    hf_polynomial_decay_schedule_with_warmup,
    hf_trainer_max_steps,
)
from .keras import (
    keras_cosine_decay,
    keras_exponential_decay,
    keras_piecewise_constant_decay,
    keras_polynomial_decay,
    keras_reduce_lr_on_plateau,
)
from .optax import (
    optax_cosine_onecycle_schedule,
    optax_reduce_on_plateau,
    optax_warmup_cosine_decay_schedule,
)
from .pytorch import (
    torch_cosine_annealing_lr,
    torch_exponential_lr,
    torch_linear_lr,
    torch_multistep_lr,
    torch_one_cycle_lr,
    torch_reduce_lr_on_plateau,
    torch_chained_scheduler,
    torch_sequential_lr,
)
from .optax import optax_linear_schedule
from .recorded import recorded_trace, trainer_records
from .translations import translation
from ..errors import InvalidParameterError
from ..i18n import Text, tr

__all__ = [
    "Trap",
    "TRAPS",
]


@dataclass(frozen=True)
class Trap:
    """A mistake users of a framework make, with a computed demonstration where one fits.

    ``demo()`` returns plain numbers (lists and floats in a dict) that show the trap: an
    optional ``"call"`` (the code demonstrated), an optional axis (``"steps"``, ``"update"``
    or ``"metrics"``) and named entries. ``labels`` gives each named entry the words a
    reader sees (``"keras_decay_steps_100_wrong"`` -> ``"Keras, decay_steps = T (wrong)"``).
    ``title``, ``text`` and the labels with words are :class:`~lrdecay_lessons.i18n.Text`, translated when
    shown: ``str(trap.title)`` and :meth:`label` give them in the course's language.
    """

    key: str
    frameworks: tuple[str, ...]
    title: Text
    text: Text
    demo: Callable[[], dict[str, Any]] | None = None
    labels: Mapping[str, str | Text] = field(default_factory=dict)

    def label(self, name: str) -> str:
        """The reader's label for the demo entry ``name``.

        Raises
        ------
        ValueError
            If ``name`` has no label.
        """
        if name not in self.labels:
            raise InvalidParameterError(f"name must be a labelled entry of the {self.key} demo ({', '.join(self.labels)}); "
                             f"got name={name!r}.")
        return str(self.labels[name])


def _values(f, steps) -> list[float]:
    return [float(v) for v in np.asarray(f(np.asarray(steps, dtype=float)), dtype=float)]


def _demo_cosine_rises() -> dict[str, Any]:
    steps = [0, 50, 100, 150, 200]
    return {
        "call": "CosineAnnealingLR(optimizer(lr=0.1), T_max=100)",
        "steps": steps,
        "pytorch": _values(partial(torch_cosine_annealing_lr, lr=0.1, T_max=100), steps),
        "course": _values(_schedules.schedule("cosine_annealing", lr0=0.1, total_steps=100), steps),
    }


def _demo_hf_cosine_rises() -> dict[str, Any]:
    steps = [0, 10, 100, 150, 190]
    return {
        "call": "get_cosine_schedule_with_warmup(optimizer(lr=0.1), num_warmup_steps=10, num_training_steps=100)",
        "steps": steps,
        "huggingface": _values(partial(hf_cosine_schedule_with_warmup, lr=0.1, num_warmup_steps=10,
                                       num_training_steps=100), steps),
        "course": _values(_schedules.schedule("warmup_cosine", lr0=0.1, total_steps=100, warmup_steps=10), steps),
    }


def _demo_epoch_vs_batch() -> dict[str, Any]:
    epochs, batches = 10, 50
    steps = [0, 50, 100, 150, 200, 499]
    return {
        "call": tr("CosineAnnealingLR(optimizer(lr=0.1), T_max={epochs}) stepped after every batch "
                   "({batches} batches per epoch)").format(epochs=epochs, batches=batches),
        "steps": steps,
        "stepped_per_batch_with_T_max_in_epochs": _values(
            partial(torch_cosine_annealing_lr, lr=0.1, T_max=epochs), steps),
        "T_max_in_batches": _values(partial(torch_cosine_annealing_lr, lr=0.1, T_max=epochs * batches), steps),
        "stepped_per_epoch": _values(partial(torch_cosine_annealing_lr, lr=0.1, T_max=epochs),
                                     [s // batches for s in steps]),
    }


def _demo_first_step() -> dict[str, Any]:
    trace = recorded_trace("step_order")
    updates = list(range(len(trace["right"])))
    course = _schedules.schedule("step_decay", lr0=0.1, gamma=0.1, step_size=3)
    return {
        "call": trace["call"] + tr(" (recorded from PyTorch, and the course's step_decay)"),
        "update": updates,
        "optimizer_step_then_scheduler_step": trace["right"],
        "scheduler_step_first": trace["wrong"],
        "course": _values(course, updates),
        "warning": trace["warning"].split(". ")[0] + ".",
    }


def _demo_keras_boundary() -> dict[str, Any]:
    steps = [0, 1, 2, 3, 4]
    return {
        "call": "PiecewiseConstantDecay(boundaries=[3], values=[0.1, 0.01]) vs MultiStepLR(milestones=[3], gamma=0.1)",
        "steps": steps,
        "keras_boundary_3": _values(partial(keras_piecewise_constant_decay, boundaries=[3], values=[0.1, 0.01]),
                                    steps),
        "keras_boundary_2": _values(partial(keras_piecewise_constant_decay, boundaries=[2], values=[0.1, 0.01]),
                                    steps),
        "pytorch": _values(partial(torch_multistep_lr, lr=0.1, milestones=[3], gamma=0.1), steps),
    }


def _demo_warmup_in_horizon() -> dict[str, Any]:
    total, warmup = 100, 10
    steps = [0, 10, 55, 90, 100]
    return {
        "call": tr("T=100 steps in all, W=10 of them warm-up"),
        "steps": steps,
        "course": _values(_schedules.schedule("warmup_cosine", lr0=0.1, total_steps=total, warmup_steps=warmup), steps),
        "keras_decay_steps_90": _values(partial(keras_cosine_decay, initial_learning_rate=0.0, decay_steps=90,
                                                warmup_target=0.1, warmup_steps=10), steps),
        "keras_decay_steps_100_wrong": _values(partial(keras_cosine_decay, initial_learning_rate=0.0,
                                                       decay_steps=100, warmup_target=0.1, warmup_steps=10), steps),
        "optax_decay_steps_100": _values(partial(optax_warmup_cosine_decay_schedule, init_value=0.0,
                                                 peak_value=0.1, warmup_steps=10, decay_steps=100), steps),
        "optax_decay_steps_90_wrong": _values(partial(optax_warmup_cosine_decay_schedule, init_value=0.0,
                                                      peak_value=0.1, warmup_steps=10, decay_steps=90), steps),
        "pytorch_sequential_T_max_100_wrong": _values(
            partial(torch_sequential_lr,
                    schedulers=[partial(torch_linear_lr, lr=0.1, start_factor=1e-3, total_iters=10),
                                partial(torch_cosine_annealing_lr, lr=0.1, T_max=100)],
                    milestones=[10]), steps),
    }


def _demo_per_step_gamma() -> dict[str, Any]:
    return {
        "call": tr("ExponentialLR(optimizer(lr=0.1), gamma=0.9) stepped per batch for 1000 batches"),
        "steps": [1000],
        "gamma_0.9_per_step": _values(partial(torch_exponential_lr, lr=0.1, gamma=0.9), [1000]),
        "gamma_0.9**(1/1000)_per_step": _values(partial(torch_exponential_lr, lr=0.1, gamma=0.9 ** (1 / 1000)),
                                                [1000]),
        "course_gamma_0.9_over_T_1000": _values(_schedules.schedule("exponential_decay", lr0=0.1, gamma=0.9,
                                                        total_steps=1000), [1000]),
    }


def _demo_one_cycle_end() -> dict[str, Any]:
    formula = partial(torch_one_cycle_lr, max_lr=0.1, total_steps=100)
    try:
        formula(101)
        message = ""
    except ValueError as error:
        message = str(error)
    return {
        "call": "OneCycleLR(optimizer, max_lr=0.1, total_steps=100, cycle_momentum=False)",
        "steps": [99, 100],
        "pytorch": _values(formula, [99, 100]),
        "course": _values(_schedules.schedule("one_cycle", lr_max=0.1, total_steps=100), [99, 100]),
        "error_at_101": message,
    }


def _demo_optax_onecycle_peak() -> dict[str, Any]:
    steps = np.arange(0, 101)
    pytorch = np.asarray(torch_one_cycle_lr(steps, max_lr=0.1, total_steps=100))
    optax = np.asarray(optax_cosine_onecycle_schedule(steps, transition_steps=100, peak_value=0.1))
    return {
        "call": ("OneCycleLR(max_lr=0.1, total_steps=100, cycle_momentum=False) vs "
                 "cosine_onecycle_schedule(transition_steps=100, peak_value=0.1)"),
        "pytorch_peak_step": int(np.argmax(pytorch)),
        "optax_peak_step": int(np.argmax(optax)),
        "pytorch_final_step": 99,
        "optax_final_step": int(np.argmax(optax <= optax[-1])),
    }


def _demo_plateau_patience() -> dict[str, Any]:
    flat = [1.0] * 8
    return {
        "call": tr("a flat loss for {n_flat} epochs, factor=0.5: PyTorch patience=2 vs Keras patience=2 and 3").format(
            n_flat=len(flat)),
        "metrics": flat,
        "pytorch_patience_2": _values(lambda m: torch_reduce_lr_on_plateau(list(m), lr=1.0, factor=0.5, patience=2),
                                      flat),
        "keras_patience_2": _values(lambda m: keras_reduce_lr_on_plateau(list(m), learning_rate=1.0, factor=0.5,
                                                                         patience=2, mode="min", min_delta=0.0),
                                    flat),
        "keras_patience_3": _values(lambda m: keras_reduce_lr_on_plateau(list(m), learning_rate=1.0, factor=0.5,
                                                                         patience=3, mode="min", min_delta=0.0),
                                    flat),
    }


def _demo_optax_plateau_zero_patience() -> dict[str, Any]:
    improving = [1.0, 0.9, 0.8, 0.7, 0.6]
    return {
        "call": tr("a loss that improves at every update, factor=0.5, patience=0"),
        "metrics": improving,
        "optax_patience_0": _values(lambda m: optax_reduce_on_plateau(list(m), learning_rate=1.0, factor=0.5,
                                                                      patience=0), improving),
        "pytorch_patience_0": _values(lambda m: torch_reduce_lr_on_plateau(list(m), lr=1.0, factor=0.5, patience=0),
                                      improving),
    }


def _demo_hf_lr_rate_shift() -> dict[str, Any]:
    steps = [0, 1, 9, 10, 99, 100]
    common = {"lr": 0.1, "num_warmup_steps": 10, "num_training_steps": 100, "min_lr": 0.0}
    return {
        "call": tr("both with {arguments}").format(arguments=", ".join(f"{k}={v}" for k, v in common.items())),
        "steps": steps,
        "get_cosine_with_min_lr_schedule_with_warmup": _values(
            partial(hf_cosine_with_min_lr_schedule_with_warmup, **common), steps),
        "get_cosine_with_min_lr_schedule_with_warmup_lr_rate": _values(
            partial(hf_cosine_with_min_lr_schedule_with_warmup_lr_rate, **common), steps),
    }


def _demo_float32() -> dict[str, Any]:
    lr64 = float(keras_exponential_decay(3000, 0.1, 1000, 0.9))
    lr32 = float(np.float32(0.1) * np.float32(0.9) ** (np.float32(3000) / np.float32(1000)))
    return {"call": "ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.9)(3000)", "float64": lr64,
            "float32": lr32, "relative_difference": abs(lr32 - lr64) / lr64}


def _default(function: Callable, name: str) -> Any:
    import inspect

    return inspect.signature(function).parameters[name].default


def _demo_polynomial_defaults() -> dict[str, Any]:
    return {
        "call": tr("lr 0.1 decayed over 1000 steps, end value left at its default"),
        "keras_PolynomialDecay_default_end_learning_rate": _default(keras_polynomial_decay, "end_learning_rate"),
        "hf_polynomial_default_lr_end": _default(hf_polynomial_decay_schedule_with_warmup, "lr_end"),
        "keras_at_decay_steps": float(keras_polynomial_decay(1000, 0.1, 1000)),
        "hf_at_num_training_steps": float(hf_polynomial_decay_schedule_with_warmup(1000, 0.1, 0, 1000)),
        "course_at_total_steps": _schedules.polynomial_decay(1000, lr0=0.1, total_steps=1000),
    }


def _demo_t_mult_integer() -> dict[str, Any]:
    ours = {"lr0": 0.1, "period": 10, "period_mult": 1.5}
    steps = [0, 9, 10, 24, 25, 47]
    try:
        translation("cosine_restarts", "pytorch").translate(ours)
        message = ""
    except ValueError as error:
        message = str(error)
    keras = translation("cosine_restarts", "keras")
    return {
        "call": tr("cosine_restarts(t, {arguments}) in PyTorch and Keras").format(
            arguments=", ".join(f"{k}={v}" for k, v in ours.items())),
        "steps": steps,
        "course": _values(_schedules.schedule("cosine_restarts", **ours), steps),
        "keras": _values(lambda t: keras.evaluate(t, ours), steps),
        "pytorch_error": message,
    }


def _demo_warmup_starts_at_zero() -> dict[str, Any]:
    steps = [0, 1, 2, 9, 10]
    return {
        "call": tr("a 10-step linear warm-up to 0.1 in each library"),
        "steps": steps,
        "hf": _values(partial(hf_constant_schedule_with_warmup, lr=0.1, num_warmup_steps=10), steps),
        "torch_start_factor_0.1": _values(partial(torch_linear_lr, lr=0.1, start_factor=0.1, total_iters=10), steps),
        "optax_init_0": _values(partial(optax_linear_schedule, init_value=0.0, end_value=0.1, transition_steps=10),
                                steps),
        "course": _values(_schedules.with_warmup(lambda t: 0.1 + 0.0 * np.asarray(t, dtype=float), 10), steps),
    }


def _demo_get_lr() -> dict[str, Any]:
    trace = recorded_trace("get_lr")
    return {"call": trace["call"], "get_last_lr": trace["get_last_lr"], "get_lr": trace["get_lr"],
            "param_group_lr": trace["param_group_lr"], "warning": trace["warning"]}


def _demo_accumulation() -> dict[str, Any]:
    batches, accumulation, epochs = 100, 4, 3
    planned_wrong = batches * epochs
    updates = hf_trainer_max_steps(batches, accumulation, epochs)
    linear = partial(hf_linear_schedule_with_warmup, lr=0.1, num_warmup_steps=0)
    return {
        "call": tr("{epochs} epochs of {batches} batches, gradient_accumulation_steps={accumulation}, "
                   "get_linear_schedule_with_warmup(lr=0.1, num_warmup_steps=0)").format(
            epochs=epochs, batches=batches, accumulation=accumulation),
        "optimizer_updates": updates,
        "rate_at_last_update_N_in_updates": float(linear(updates - 1, num_training_steps=updates)),
        "rate_at_last_update_N_in_batches_wrong": float(linear(updates - 1, num_training_steps=planned_wrong)),
    }


def _demo_resume() -> dict[str, Any]:
    trace = recorded_trace("resume")
    orders = trace["orders"]
    return {
        "call": trace["call"],
        "steps": trace["steps"],
        "uninterrupted": trace["uninterrupted"],
        "fresh": orders["fresh scheduler"],
        "optimizer_first": orders["optimizer state, then a new scheduler, then its state"],
        "scheduler_first": orders["new scheduler, then optimizer state, then scheduler state"],
        "last_epoch_error": recorded_trace("last_epoch_without_initial_lr")["error"].split("\n")[0],
    }


def _demo_group_added() -> dict[str, Any]:
    lam, exp = recorded_trace("group_added_lambda"), recorded_trace("group_added_exponential")
    return {"call": tr("optimizer.add_param_group(...) after the scheduler was built, then 3 more updates"),
            "lambda_error": lam["error"], "exponential_rates": exp["rates"]}


def _demo_chained() -> dict[str, Any]:
    steps = [0, 2, 4, 6, 10]
    parts = [partial(torch_linear_lr, lr=0.1, start_factor=0.25, total_iters=4),
             partial(torch_exponential_lr, lr=0.1, gamma=0.9)]
    return {
        "call": "[LinearLR(start_factor=0.25, total_iters=4), ExponentialLR(gamma=0.9)], optimizer lr=0.1",
        "steps": steps,
        "sequential": _values(partial(torch_sequential_lr, schedulers=parts, milestones=[4]), steps),
        "chained": _values(lambda t: torch_chained_scheduler(t, 0.1, parts), steps),
    }


def _demo_trainer_fraction() -> dict[str, Any]:
    rows = [r for r in trainer_records()["warmup"] if r["warmup_steps"] in (0.05, 0.1, 0.999, 1, 50.7)]
    return {"call": tr("TrainingArguments(warmup_steps=w).get_warmup_steps(N), transformers recorded"),
            **{f"w{r['warmup_steps']}_N{r['num_training_steps']}": r["get_warmup_steps"] for r in rows}}


_TRAP_LIST = [
    Trap("cosine_rises_past_t_max", ("pytorch",), Text("Cosine past T_max rises again"),
         Text("CosineAnnealingLR has no clamp: after T_max steps the cosine carries on and the rate climbs back "
              "to lr at 2*T_max. Stop training at T_max, or use a schedule that holds its final value "
              "(Keras CosineDecay, optax cosine_decay_schedule, this course)."), _demo_cosine_rises,
         labels={"pytorch": "PyTorch CosineAnnealingLR", "course": Text("this course")}),
    Trap("hf_cosine_rises_past_end", ("huggingface",), Text("Cosine past num_training_steps rises again"),
         Text("get_cosine_schedule_with_warmup and get_cosine_with_min_lr_schedule_with_warmup do not clamp "
              "progress at 1: if the Trainer runs longer than num_training_steps the rate goes back up."),
         _demo_hf_cosine_rises,
         labels={"huggingface": "Hugging Face", "course": Text("this course")}),
    Trap("epoch_vs_batch", ("pytorch", "huggingface"), Text("step() per batch with T counted in epochs"),
         Text("PyTorch schedules count calls of scheduler.step(), not epochs. Stepping per batch with "
              "T_max = number of epochs finishes the cosine after T_max batches and then oscillates; stepping "
              "per epoch with a T counted in batches barely moves the rate. Count T in the unit you step in "
              "(epochs x batches per epoch for per-batch stepping). Keras and optax always count batches."),
         _demo_epoch_vs_batch,
         labels={"stepped_per_batch_with_T_max_in_epochs": Text("step() per batch, T_max in epochs (wrong)"),
                 "T_max_in_batches": Text("step() per batch, T_max in batches"),
                 "stepped_per_epoch": Text("step() per epoch, T_max in epochs")}),
    Trap("first_step_off_by_one", ("pytorch", "huggingface"), Text("scheduler.step() before optimizer.step()"),
         Text("Since PyTorch 1.1 the order is optimizer.step() then scheduler.step(). The other order skips "
              "the first value: update k uses the rate meant for k + 1 (a warm-up's 0 or a one-cycle's "
              "starting rate is never used, drops come one step early). PyTorch warns: 'Detected call of "
              "lr_scheduler.step() before optimizer.step()'."), _demo_first_step,
         labels={"optimizer_step_then_scheduler_step": Text("PyTorch: optimizer.step(), then scheduler.step()"),
                 "scheduler_step_first": Text("PyTorch: scheduler.step() first (wrong)"),
                 "course": Text("course step_decay(t)"), "warning": Text("PyTorch's warning")}),
    Trap("keras_boundary_off_by_one", ("keras",), Text("PiecewiseConstantDecay drops one step late"),
         Text("Keras uses values[i] while step <= boundaries[i], so the new value starts at boundary + 1; "
              "MultiStepLR and optax's piecewise_constant_schedule switch at the milestone itself. "
              "To match MultiStepLR(milestones=[m]) use boundaries=[m - 1]."), _demo_keras_boundary,
         labels={"keras_boundary_3": Text("Keras, boundary = milestone (one step late)"),
                 "keras_boundary_2": Text("Keras, boundary = milestone - 1"), "pytorch": "PyTorch MultiStepLR"}),
    Trap("warmup_inside_or_outside_horizon", ("keras", "optax", "pytorch", "huggingface"),
         Text("Is the warm-up inside the horizon?"),
         Text("optax warmup_cosine_decay_schedule(decay_steps=T) and Hugging Face num_training_steps=T count "
              "the warm-up; Keras CosineDecay(decay_steps=T - W, warmup_steps=W) and SequentialLR's "
              "CosineAnnealingLR(T_max=T - W) do not. Mixing them up leaves a rate well above zero at the end "
              "(or reaches zero early)."), _demo_warmup_in_horizon,
         labels={"course": Text("this course"), "keras_decay_steps_90": "Keras, decay_steps = T - W",
                 "keras_decay_steps_100_wrong": Text("Keras, decay_steps = T (wrong)"),
                 "optax_decay_steps_100": Text("optax, decay_steps = T"),
                 "optax_decay_steps_90_wrong": Text("optax, decay_steps = T - W (wrong)"),
                 "pytorch_sequential_T_max_100_wrong": Text("PyTorch SequentialLR, T_max = T (wrong)")}),
    Trap("gamma_per_step", ("pytorch",), Text("ExponentialLR's gamma is per step"),
         Text("The course's (and Keras's) gamma is the factor over T steps; ExponentialLR multiplies by gamma at "
              "every step() call. Translate with gamma ** (1 / T), or the rate vanishes."), _demo_per_step_gamma,
         labels={"gamma_0.9_per_step": Text("ExponentialLR, gamma copied as is (wrong)"),
                 "gamma_0.9**(1/1000)_per_step": Text("ExponentialLR, gamma ** (1 / T)"),
                 "course_gamma_0.9_over_T_1000": Text("this course, gamma over T")}),
    Trap("one_cycle_past_end", ("pytorch",), Text("OneCycleLR raises past total_steps"),
         Text("OneCycleLR counts every step(); one call more than total_steps raises ValueError, and at exactly "
              "total_steps the cosine has already turned up a little. Set total_steps = epochs * batches per "
              "epoch (or pass epochs= and steps_per_epoch=) and step per batch."), _demo_one_cycle_end,
         labels={"pytorch": "PyTorch OneCycleLR", "course": Text("this course"),
                 "error_at_101": Text("one step() more than total_steps")}),
    Trap("optax_onecycle_one_step_later", ("optax",), Text("optax's one-cycle peaks one step later"),
         Text("optax's cosine_onecycle_schedule peaks at int(pct_start * transition_steps) and ends at "
              "transition_steps; PyTorch's OneCycleLR peaks at pct_start * total_steps - 1 and ends at "
              "total_steps - 1. To match, use transition_steps = total_steps - 1 and "
              "pct_start = (pct_start * total_steps - 1) / (total_steps - 1)."), _demo_optax_onecycle_peak,
         labels={"pytorch_peak_step": Text("PyTorch peaks at step"), "optax_peak_step": Text("optax peaks at step"),
                 "pytorch_final_step": Text("PyTorch reaches its final rate at step"),
                 "optax_final_step": Text("optax reaches its final rate at step")}),
    Trap("t_mult_integer", ("pytorch",), Text("CosineAnnealingWarmRestarts needs a whole T_mult"),
         Text("PyTorch accepts T_mult = 1, 2, 3, ... only; Keras CosineDecayRestarts (t_mul) and optax "
              "sgdr_schedule (explicit cycle lengths) take any growth factor. Keras's default t_mul is 2.0, "
              "not 1."), _demo_t_mult_integer,
         labels={"course": Text("this course"), "keras": "Keras CosineDecayRestarts, t_mul = period_mult",
                 "pytorch_error": Text("ValueError from the PyTorch translation")}),
    Trap("plateau_patience_off_by_one", ("keras", "optax"), Text("Plateau patience counts differently"),
         Text("PyTorch reduces when the number of bad epochs exceeds patience; the Keras callback when it "
              "reaches patience (so Keras patience=p+1 is PyTorch patience=p), and Keras's cooldown is one "
              "epoch shorter (Keras cooldown=c+1 is PyTorch cooldown=c). Keras's min_delta is absolute only. "
              "optax.contrib.reduce_on_plateau also reduces when the count reaches patience."),
         _demo_plateau_patience,
         labels={"pytorch_patience_2": Text("PyTorch, patience = p"), "keras_patience_2": Text("Keras, patience = p (one epoch early)"),
                 "keras_patience_3": Text("Keras, patience = p + 1 (same as PyTorch)")}),
    Trap("optax_plateau_patience_zero", ("optax",), Text("optax reduce_on_plateau with patience=0"),
         Text("optax compares the plateau count with == patience, and the count is 0 after every improvement: "
              "with patience=0 it cuts the rate on every improvement. optax's version only minimises, scales "
              "the updates (not the learning rate) and combines rtol and atol."), _demo_optax_plateau_zero_patience,
         labels={"optax_patience_0": Text("optax, patience=0"), "pytorch_patience_0": Text("PyTorch, patience=0")}),
    Trap("hf_lr_rate_variant_shifted", ("huggingface",), Text("The _lr_rate cosine variant is shifted by one step"),
         Text("get_cosine_with_min_lr_schedule_with_warmup_lr_rate (warmup_lr_rate=None) evaluates its formulas "
              "at step + 1: the first rate is lr / W instead of 0 and the cosine ends one step early."),
         _demo_hf_lr_rate_shift,
         labels={"get_cosine_with_min_lr_schedule_with_warmup": "get_cosine_with_min_lr_schedule_with_warmup",
                 "get_cosine_with_min_lr_schedule_with_warmup_lr_rate": Text("..._with_warmup_lr_rate (one step ahead)")}),
    Trap("keras_float32", ("keras",), Text("Keras computes in float32"),
         Text("With the default floatx='float32' Keras schedules carry about 7 significant digits; comparisons "
              "with float64 code need a relative tolerance near 1e-7 (or keras.config.set_floatx('float64'))."),
         _demo_float32,
         labels={"float64": Text("float64 (as this course)"), "float32": Text("float32 (Keras's default floatx)"),
                 "relative_difference": Text("relative difference")}),
    Trap("polynomial_defaults", ("keras", "huggingface"), Text("Polynomial decay does not end at 0 by default"),
         Text("Keras PolynomialDecay has end_learning_rate=1e-4 and Hugging Face's polynomial schedule "
              "lr_end=1e-7 by default (and needs lr_end < lr); PyTorch's PolynomialLR always ends at 0. "
              "Pass the end value explicitly."), _demo_polynomial_defaults,
         labels={"keras_PolynomialDecay_default_end_learning_rate": Text("Keras PolynomialDecay default end_learning_rate"),
                 "hf_polynomial_default_lr_end": Text("Hugging Face default lr_end"),
                 "keras_at_decay_steps": Text("Keras rate at t = decay_steps"),
                 "hf_at_num_training_steps": Text("Hugging Face rate at t = num_training_steps"),
                 "course_at_total_steps": Text("this course at t = T")}),
    Trap("warmup_starts_at_zero", ("huggingface", "pytorch", "optax"), Text("The warm-up's first update has rate 0"),
         Text("Hugging Face's warm-ups (and optax's linear_schedule from init_value=0, and the course's with_warmup "
              "by default) give update 0 the rate 0: with SGD that update changes nothing. PyTorch's LinearLR cannot "
              "start at 0 (start_factor must be > 0). Harmless over a long warm-up; over a 2-step warm-up it is half "
              "of it."), _demo_warmup_starts_at_zero,
         labels={"hf": "Hugging Face, num_warmup_steps = 10", "torch_start_factor_0.1": "PyTorch LinearLR, "
                 "start_factor = 0.1", "optax_init_0": Text("optax linear_schedule from 0"), "course": Text("course with_warmup")}),
    Trap("get_lr_vs_get_last_lr", ("pytorch",), Text("get_lr() is not the current rate"),
         Text("scheduler.get_lr() is the scheduler's internal step: called outside step() it applies the decay once "
              "more (and warns). The rate in use is scheduler.get_last_lr() or optimizer.param_groups[i]['lr']."),
         _demo_get_lr,
         labels={"get_last_lr": "get_last_lr()[0]", "get_lr": Text("get_lr()[0] (one factor too many)"),
                 "param_group_lr": "optimizer.param_groups[0]['lr']", "warning": Text("PyTorch's warning")}),
    Trap("steps_under_accumulation", ("huggingface", "pytorch"), Text("T counts optimizer updates, not batches"),
         Text("With gradient accumulation (and with several GPUs, where each process sees its share of the "
              "batches) the scheduler steps once per optimizer update. A T counted in batches leaves the schedule "
              "far from its end when training stops."), _demo_accumulation,
         labels={"optimizer_updates": Text("optimizer updates (the Trainer's N)"),
                 "rate_at_last_update_N_in_updates": Text("rate at the last update, N in updates"),
                 "rate_at_last_update_N_in_batches_wrong": Text("rate at the last update, N in batches (wrong)")}),
    Trap("resume_scheduler_state", ("pytorch", "huggingface"), Text("Resuming: restore the scheduler, in the right order"),
         Text("A fresh scheduler starts its schedule again (here: the warm-up once more). Building the scheduler "
              "after loading the optimizer's state writes the schedule's step-0 rate into the optimizer, and "
              "scheduler.load_state_dict does not write it back: the first update after resuming runs at that rate. "
              "Build both, then load the optimizer's state, then the scheduler's. last_epoch=k alone needs "
              "'initial_lr' in every group."), _demo_resume,
         labels={"uninterrupted": Text("no interruption"), "fresh": Text("fresh scheduler (restarts)"),
                 "optimizer_first": Text("optimizer state, new scheduler, its state"),
                 "scheduler_first": Text("new scheduler, optimizer state, scheduler state (right)"),
                 "last_epoch_error": Text("StepLR(..., last_epoch=5) on a fresh optimizer")}),
    Trap("param_group_added_later", ("pytorch", "huggingface"), Text("A parameter group added after the scheduler"),
         Text("optimizer.add_param_group after the scheduler was built: Hugging Face's LambdaLR schedules (and "
              "LambdaLR itself) raise at the next step in torch 2.13; recursive ones such as ExponentialLR "
              "decay the new group from its own lr, out of step with the others. Build the scheduler after the "
              "last group is added."), _demo_group_added,
         labels={"lambda_error": Text("get_linear_schedule_with_warmup, next step()"),
                 "exponential_rates": Text("ExponentialLR(gamma=0.5), rates of the two groups")}),
    Trap("chained_multiplies", ("pytorch",), Text("ChainedScheduler multiplies, SequentialLR switches"),
         Text("ChainedScheduler steps every scheduler at every call, so a warm-up and a decay multiply: the decay "
              "already runs during the warm-up and the peak is never reached. SequentialLR hands over at the "
              "milestone."), _demo_chained,
         labels={"sequential": "SequentialLR(milestones=[4])", "chained": Text("ChainedScheduler (product)")}),
    Trap("trainer_warmup_fraction", ("huggingface",), Text("Trainer warmup_steps: a count or a fraction"),
         Text("In transformers 5, TrainingArguments(warmup_steps=w) means w updates when w >= 1 (truncated to a whole "
              "number) and ceil(w * N) updates when w < 1; warmup_ratio, deprecated in 5.0, is refused from 5.15 on (below). "
              "warmup_steps=1 is one update, "
              "not the whole run."), _demo_trainer_fraction,
         labels={f"w{w}_N{n}": Text("warm-up updates for warmup_steps = {w}, N = {n}", w=w, n=n)
                 for w, n in ((0.05, 1000), (0.05, 999), (0.1, 37), (0.999, 10), (1, 1000), (50.7, 1000))}),
]


#: Every trap, by key.
TRAPS: dict[str, Trap] = {trap.key: trap for trap in _TRAP_LIST}

# The pitfalls of today's training loops (chapter 12, "for today's users") need Trap, defined above.
from .pitfalls import PITFALL_TRAPS  # noqa: E402

TRAPS.update({trap.key: trap for trap in PITFALL_TRAPS})
