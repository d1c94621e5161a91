r"""The pitfalls of today's training loops around a schedule, each shown with what the real library did.

Every demo reads ``pitfall_values.json`` (recorded by ``tests/reference/make_pitfall_values.py``)
and, where the course has the same schedule, sets the course's NumPy rates beside it.
:data:`PITFALL_TRAPS` joins :data:`~lrdecay_lessons.frameworks.TRAPS`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .huggingface import hf_cosine_schedule_with_warmup, hf_linear_schedule_with_warmup
from .pytorch import torch_cosine_annealing_warm_restarts
from .recorded import recorded_pitfall
from .traps import Trap
from ..i18n import Text, tr

__all__ = ["PITFALL_TRAPS", "CYCLE_STEPS"]

#: The updates at which the momentum-cycling demo is shown.
CYCLE_STEPS = (0, 3, 6, 10, 19)


def _at(values, steps) -> list[float]:
    return [float(values[s]) for s in steps]


def _demo_cycle_momentum() -> dict[str, Any]:
    data = recorded_pitfall("cycle_momentum")
    sgd, adamw, cyclic = data["sgd_onecycle"], data["adamw_onecycle"], data["sgd_cyclic"]
    return {
        "call": f"{sgd['call']}; {adamw['call']}; {cyclic['call']}",
        "update": list(CYCLE_STEPS),
        "sgd_default": _at(sgd["default"]["during"], CYCLE_STEPS),
        "sgd_off": _at(sgd["cycle_momentum_false"]["during"], CYCLE_STEPS),
        "cyclic_default": _at(cyclic["default"]["during"], CYCLE_STEPS),
        "adamw_default": _at(adamw["default"]["during"], CYCLE_STEPS),
        "sgd_before": sgd["default"]["before"],
        "adamw_before": adamw["default"]["before"],
    }


def _demo_keras_accumulation() -> dict[str, Any]:
    data = recorded_pitfall("keras_accumulation")
    batches = data["batches"]
    called = [b for b in batches if b["schedule_steps"]]
    return {
        "call": data["call"],
        "updates_at": ", ".join(str(b["batch"]) for b in called),
        "schedule_steps": ", ".join(str(b["schedule_steps"][-1]) for b in called),
        "iterations": batches[-1]["iterations_after"],
    }


def _demo_accelerate() -> dict[str, Any]:
    data = recorded_pitfall("accelerate_processes")
    updates = list(range(len(data["split_batches_False"]["rates"])))
    linear = partial(hf_linear_schedule_with_warmup, lr=0.1, num_warmup_steps=0, num_training_steps=8)
    return {
        "call": data["call"],
        "update": updates,
        "default": data["split_batches_False"]["rates"],
        "split": data["split_batches_True"]["rates"],
        "legacy": data["legacy_split_batches_True"]["rates"],
        "course_twice": [float(linear(data["split_batches_False"]["num_processes"] * u)) for u in updates],
        "processes": data["split_batches_False"]["num_processes"],
        "legacy_flag": str(data["legacy_split_batches_True"]["split_batches"]),
    }


def _demo_amp() -> dict[str, Any]:
    data = recorded_pitfall("amp_skipped_step")
    return {
        "call": data["call"],
        "update": list(range(len(data["rates"]))),
        "rates": data["rates"],
        "skipped": [float(s) for s in data["skipped"]],
        "warning": data["warnings"][0],
    }


def _demo_resume_new_peak() -> dict[str, Any]:
    data = recorded_pitfall("resume_new_peak")
    steps = data["steps"]
    cosine = partial(hf_cosine_schedule_with_warmup, num_warmup_steps=2, num_training_steps=10)
    return {
        "call": data["call"],
        "steps": steps,
        "resumed": data["resumed_lr_0.05"],
        "course_old_peak": [float(cosine(t, lr=0.1)) for t in steps],
        "fixed": data["with_base_lrs_set"],
        "base_lrs": data["base_lrs_after_load"][0],
    }


def _demo_plateau() -> dict[str, Any]:
    data = recorded_pitfall("plateau")
    return {
        "call": "ReduceLROnPlateau(optimizer).step(); TrainingArguments(lr_scheduler_type='reduce_lr_on_plateau', "
                "eval_strategy=...)",
        "step_error": data["step_without_metric"]["error"],
        "trainer_no_eval": data["trainer_eval_strategy_no"]["error"],
        "trainer_epoch_eval": data["trainer_eval_strategy_epoch"]["error"] or tr("accepted"),
    }


def _demo_param_groups() -> dict[str, Any]:
    data = recorded_pitfall("param_groups")
    steps = [0, 1, 2, 6, 10]
    return {
        "call": data["call"],
        "steps": steps,
        "group_0": _at(data["group_0"], steps),
        "group_1": _at(data["group_1"], steps),
        "course_0": [float(hf_cosine_schedule_with_warmup(t, 0.1, 2, 10)) for t in steps],
        "course_1": [float(hf_cosine_schedule_with_warmup(t, 0.01, 2, 10)) for t in steps],
    }


def _demo_warm_restarts() -> dict[str, Any]:
    data = recorded_pitfall("warm_restarts_fractional")
    shown = [0, 2, 5, 7, 9, 10, 12]
    per_epoch = 5
    return {
        "call": data["call"],
        "steps": shown,
        "fractional": _at(data["fractional"], shown),
        "course": [float(torch_cosine_annealing_warm_restarts(b / per_epoch, lr=0.1, T_0=2)) for b in shown],
        "per_epoch": _at(data["per_epoch"], shown),
    }


def _demo_schedule_free() -> dict[str, Any]:
    data = recorded_pitfall("schedule_free")
    return {"call": tr("{call} (schedulefree {version})").format(call=data['call'], version=data['version']),
            "loss_train": data["loss_train_mode"], "loss_eval": data["loss_after_eval"]}


def _demo_trainer_versions() -> dict[str, Any]:
    data = recorded_pitfall("trainer_warmup_versions")
    early, late, first, now = data["4.40"], data["4.57"], data["5.0"], data["installed"]
    return {
        "call": data["call"],
        "steps": data["steps"],
        "early_steps": early["warmup_steps_0.05"]["rates"],
        "early_ratio": early["warmup_ratio_0.05"]["rates"],
        "new_steps": now["warmup_steps_0.05"]["rates"],
        "early_warmup": early["warmup_steps_0.05"]["get_warmup_steps_1000"],
        "late_steps": f"{late['version']}: {late['warmup_steps_0.05']['error']}",
        "first_warning": f"{first['version']}: {first['warnings'][0]}",
        "named_release": _ratio_outcome(data["5.2"]),
        "last_accepted": _ratio_outcome(data["5.14"]),
        "first_refused": _ratio_outcome(data["5.15"]),
        "now_ratio": _ratio_outcome(now),
    }


def _ratio_outcome(run: dict[str, Any]) -> str:
    """What one transformers version did with ``warmup_ratio=0.05``: its error, or its warm-up and warning."""
    ratio = run["warmup_ratio_0.05"]
    if "error" in ratio:
        return f"{run['version']}: {ratio['error']}"
    return tr("{version}: accepted ({warmup} warm-up updates of 1000), warning: {warning}").format(
        version=run['version'], warmup=ratio['get_warmup_steps_1000'], warning=run['warnings'][0])


PITFALL_TRAPS: tuple[Trap, ...] = (
    Trap("cycle_momentum_on", ("pytorch",), Text("OneCycleLR and CyclicLR turn momentum on"),
         Text("Both default to cycle_momentum=True, and cycle the group's 'momentum' (SGD) or betas[0] (Adam, AdamW) "
              "without asking whether the optimizer had any: SGD(momentum=0) trains with momentum, AdamW's beta1 "
              "leaves its value. Nothing is raised. Pass cycle_momentum=False unless you want it."),
         _demo_cycle_momentum,
         labels={"sgd_default": Text("OneCycleLR on SGD(momentum=0): momentum"), "sgd_off": Text("the same, cycle_momentum=False"),
                 "cyclic_default": Text("CyclicLR on SGD(momentum=0): momentum"),
                 "adamw_default": Text("OneCycleLR on AdamW: beta1"), "sgd_before": Text("SGD's momentum before the scheduler"),
                 "adamw_before": Text("AdamW's beta1 before the scheduler")}),
    Trap("keras_accumulation_batches", ("keras",), Text("Keras under gradient_accumulation_steps counts batches"),
         Text("With SGD(..., gradient_accumulation_steps=a) the optimizer applies an update every a batches and "
              "optimizer.iterations counts those updates, but the schedule is called with a count of batches. A "
              "decay_steps counted in updates ends a times too early."), _demo_keras_accumulation,
         labels={"updates_at": Text("batches (from 0) after which the optimizer updated"),
                 "schedule_steps": Text("steps the schedule was called with"),
                 "iterations": Text("optimizer.iterations after the 8 batches")}),
    Trap("accelerate_steps_per_process", ("pytorch", "huggingface"),
         Text("Accelerate steps a prepared scheduler num_processes times"),
         Text("A scheduler passed through accelerator.prepare(...) is stepped num_processes times per "
              "scheduler.step() unless split_batches=True: Accelerate assumes N was counted on the whole loader, before "
              "it was split between the processes (accelerate issues #662 and #1382, diffusers issue #3954). If you "
              "count N on a process's share, multiply it by num_processes, or do not prepare the scheduler. Set split_batches through "
              "DataLoaderConfiguration: Accelerator(split_batches=True) is accepted and leaves it False."), _demo_accelerate,
         labels={"default": Text("prepared, split_batches=False (default)"),
                 "split": Text("prepared, DataLoaderConfiguration(split_batches=True)"),
                 "course_twice": Text("course linear decay at num_processes × update"),
                 "legacy": "Accelerator(split_batches=True)",
                 "processes": "num_processes",
                 "legacy_flag": Text("accelerator.split_batches after Accelerator(split_batches=True)")}),
    Trap("amp_skipped_step", ("pytorch",), Text("AMP: a skipped update still steps the scheduler"),
         Text("GradScaler.step skips optimizer.step() when the gradients hold inf or NaN (normal in the first "
              "updates); scheduler.step() then warns 'Detected call of lr_scheduler.step() before "
              "optimizer.step()' (pytorch issue #44511) and advances anyway. Harmless once; step the scheduler "
              "only when the scale did not drop if it matters."), _demo_amp,
         labels={"rates": Text("rate used"), "skipped": Text("update skipped (1 = yes)"), "warning": Text("PyTorch's warning")}),
    Trap("resume_new_peak", ("pytorch", "huggingface"), Text("Resuming ignores a new peak"),
         Text("scheduler.load_state_dict brings back base_lrs, the peak the run started with: an optimizer rebuilt "
              "with another lr is silently put back on the old schedule. To change the peak on resuming, set "
              "scheduler.base_lrs (and each group's 'initial_lr') after loading."), _demo_resume_new_peak,
         labels={"resumed": Text("rebuilt with lr=0.05, both states loaded"), "course_old_peak": Text("course, peak 0.1"),
                 "fixed": Text("after setting base_lrs = [0.05]"), "base_lrs": Text("scheduler.base_lrs after loading")}),
    Trap("plateau_needs_metric", ("pytorch", "huggingface"), Text("Reduce-on-plateau needs the metric, and evaluations"),
         Text("ReduceLROnPlateau.step(metric) takes the value it watches; step() without it raises. The Trainer's "
              "'reduce_lr_on_plateau' needs an evaluation strategy, or TrainingArguments refuses it."),
         _demo_plateau,
         labels={"step_error": Text("ReduceLROnPlateau.step() with no metric"),
                 "trainer_no_eval": "Trainer, eval_strategy='no'",
                 "trainer_epoch_eval": "Trainer, eval_strategy='epoch'"}),
    Trap("param_groups_scaled", ("pytorch", "huggingface"), Text("Parameter groups keep their own rates"),
         Text("With several parameter groups (a smaller rate for a pretrained body, say), a scheduler scales each "
              "group from its own lr: the ratio between groups stays fixed through warm-up and decay."),
         _demo_param_groups,
         labels={"group_0": Text("group 0 (lr=0.1)"), "group_1": Text("group 1 (lr=0.01)"),
                 "course_0": Text("course formula, lr0 = 0.1"), "course_1": Text("course formula, lr0 = 0.01")}),
    Trap("warm_restarts_within_epoch", ("pytorch",), Text("Warm restarts within an epoch: step(epoch + i / iters)"),
         Text("CosineAnnealingWarmRestarts counts T_0 in the unit of its step() argument. Stepped once per epoch the "
              "rate is a staircase; step(epoch + i / iters) after batch i moves it every batch, with T_0 still in "
              "epochs."), _demo_warm_restarts,
         labels={"fractional": Text("step(epoch + (i + 1) / 5) after every batch"),
                 "course": Text("course formula at t = batch / 5 epochs"), "per_epoch": Text("step() once per epoch")}),
    Trap("schedule_free_eval", ("pytorch", "optax"), Text("Schedule-free: switch to the averaged weights to evaluate"),
         Text("Schedule-free optimizers train at one point and evaluate at another (an average). In the schedulefree "
              "package call optimizer.eval() before evaluating or saving and optimizer.train() after; in optax use "
              "optax.contrib.schedule_free_eval_params(state, params)."), _demo_schedule_free,
         labels={"loss_train": Text("loss at the training point"), "loss_eval": Text("loss after optimizer.eval()")}),
    Trap("trainer_warmup_versions", ("huggingface",), Text("Trainer warm-up: warmup_steps=0.05 across versions"),
         Text("warmup_steps=0.05 means 5 % of the run from transformers 5.0 on. An older 4.x (4.40 here) takes it "
              "silently as 0.05 updates: the first update runs at 0, the second near the peak; the last 4.x refuses it. "
              "The 4.x way, warmup_ratio=0.05, "
              "was deprecated in 5.0 with a warning that names 5.2 for its removal; it was still accepted up to 5.14 and "
              "is refused from 5.15 on. A script meant for both: pass warmup_steps as a whole number of updates."),
         _demo_trainer_versions,
         labels={"early_steps": "4.40, warmup_steps=0.05", "early_ratio": "4.40, warmup_ratio=0.05",
                 "new_steps": Text("installed 5.x, warmup_steps=0.05"),
                 "early_warmup": Text("get_warmup_steps(1000) in 4.40, warmup_steps=0.05"),
                 "late_steps": Text("the last 4.x on warmup_steps=0.05"),
                 "first_warning": Text("5.0 on warmup_ratio"),
                 "named_release": Text("5.2, the release the warning names"), "last_accepted": Text("the last to accept warmup_ratio"),
                 "first_refused": Text("the first to refuse it"), "now_ratio": Text("installed 5.x on warmup_ratio")}),
)
