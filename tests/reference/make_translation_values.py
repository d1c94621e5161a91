"""Record every PyTorch, Keras and Hugging Face row of the framework table from the real libraries.

Not run by the test suite (torch, keras and transformers are not dependencies). To
regenerate ``lrdecay_lessons/frameworks/data/translation_values.json``::

    KERAS_BACKEND=torch /tmp/refenv/bin/python tests/reference/make_translation_values.py

For each row of ``lrdecay_lessons.frameworks.TRANSLATIONS`` (PyTorch, Keras, Hugging
Face; SequentialLR is in ``composition_values.json``) and a few parameter sets in *our*
names, the row's ``translate()`` gives the framework's arguments, the real object is
built from exactly those, and its rates are recorded -- also past the point where it
stops agreeing with the course, so the tests can check each ``framework_formula`` there
too. Schedules: rate used at update ``t`` (PyTorch/Hugging Face: ``param_groups[0]["lr"]``
after ``t`` calls of ``optimizer.step(); scheduler.step()``; Keras: ``schedule(t)`` in
float64). Plateau rows: rate after each ``step(metric)`` / ``on_epoch_end``.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from torch.optim import lr_scheduler  # noqa: E402

from lrdecay_lessons import frameworks  # noqa: E402

keras.config.set_floatx("float64")
OUT = ROOT / "lrdecay_lessons" / "frameworks" / "data" / "translation_values.json"


def optimizer(lr):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


def run_torch_like(make, lr, n_steps):
    opt = optimizer(lr)
    scheduler = make(opt)
    values = []
    for step in range(n_steps):
        values.append(float(opt.param_groups[0]["lr"]))
        if step < n_steps - 1:  # OneCycleLR raises on the step after the last recorded one
            opt.step()
            scheduler.step()
    return values


def record_schedule(row, theirs, n_steps):
    short = row.name.rsplit(".", 1)[-1]
    if row.framework == "keras":
        schedule = getattr(keras.optimizers.schedules, short)(**theirs)
        return [float(schedule(step)) for step in range(n_steps)]
    rest = dict(theirs)
    if row.framework == "pytorch":
        if short == "OneCycleLR":
            return run_torch_like(lambda o: lr_scheduler.OneCycleLR(o, cycle_momentum=False, **rest), 0.1, n_steps)
        if short == "CyclicLR":  # sets the optimizer's lr to base_lr itself
            return run_torch_like(lambda o: lr_scheduler.CyclicLR(o, **rest), 0.1, n_steps)
        lr = rest.pop("lr")
        return run_torch_like(lambda o: getattr(lr_scheduler, short)(o, **rest), lr, n_steps)
    lr = rest.pop("lr")
    return run_torch_like(lambda o: getattr(transformers, short)(o, **rest), lr, n_steps)


def record_plateau(row, theirs, metrics):
    rest = dict(theirs)
    if row.framework == "keras":
        model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=rest.pop("learning_rate")), loss="mse")
        callback = keras.callbacks.ReduceLROnPlateau(**rest)
        callback.set_model(model)
        callback.on_train_begin()
        values = []
        for epoch, metric in enumerate(metrics):
            callback.on_epoch_end(epoch, {rest["monitor"]: metric})
            values.append(float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)))
        return values, str(model.optimizer.learning_rate.dtype)
    opt = optimizer(rest.pop("lr"))
    if row.framework == "pytorch":
        scheduler = lr_scheduler.ReduceLROnPlateau(opt, **rest)
    else:
        scheduler = transformers.get_reduce_on_plateau_schedule(opt, **rest)
    values = []
    for metric in metrics:
        opt.step()
        scheduler.step(metric)
        values.append(float(opt.param_groups[0]["lr"]))
    return values, "float64"


# Parameter sets in our names, per schedule; (kwargs, total_steps or None).
SCHEDULE_CASES = {
    "step_decay": [({"lr0": 0.1, "gamma": 0.5, "step_size": 7}, None)],
    "multistep_decay": [({"lr0": 0.1, "milestones": [3, 7], "gamma": 0.1}, None),
                        ({"lr0": 0.1, "milestones": [0, 2, 5, 5, 9], "gamma": 0.5}, None)],
    "exponential_decay": [({"lr0": 0.1, "gamma": 0.5, "total_steps": 10}, None),
                          ({"lr0": 0.1, "gamma": 0.5, "total_steps": 10, "staircase": True}, None)],
    "polynomial_decay": [({"lr0": 0.1, "total_steps": 20, "power": 2.0}, None),
                         ({"lr0": 0.1, "total_steps": 20, "power": 0.5, "lr_end": 0.01}, None)],
    "cosine_annealing": [({"lr0": 0.1, "total_steps": 20, "lr_min": 0.01}, None),
                         ({"lr0": 0.1, "total_steps": 20}, None)],
    "cosine_restarts": [({"lr0": 0.1, "period": 5, "period_mult": 2, "lr_min": 0.001}, 80),
                        ({"lr0": 0.1, "period": 6, "period_mult": 1, "lr_min": 0.0}, 30),
                        ({"lr0": 0.1, "period": 4, "period_mult": 1.5, "lr_min": 0.0}, 60),
                        ({"lr0": 0.1, "period": 10, "period_mult": 3, "lr_min": 0.01}, 1300)],
    "one_cycle": [({"lr_max": 0.1, "total_steps": 40, "pct_start": 0.25}, None),
                  ({"lr_max": 0.1, "total_steps": 30, "pct_start": 0.3, "div_factor": 10.0,
                    "final_div_factor": 100.0}, None)],
    "inverse_time_decay": [({"lr0": 0.1, "decay_rate": 0.5, "decay_steps": 5}, None),
                           ({"lr0": 0.1, "decay_rate": 2.0, "decay_steps": 5, "staircase": True}, None)],
    "warmup_cosine": [({"lr0": 0.1, "total_steps": 30, "warmup_steps": 6}, None),
                      ({"lr0": 0.1, "total_steps": 30, "warmup_steps": 0}, None)],
    "wsd": [({"lr0": 0.1, "total_steps": 30, "warmup_steps": 5, "decay_steps": 10}, None),
            ({"lr0": 0.1, "total_steps": 30, "warmup_steps": 0, "decay_steps": 12, "decay_shape": "1-sqrt",
              "lr_min": 0.01}, None),
            ({"lr0": 0.1, "total_steps": 30, "warmup_steps": 4, "decay_steps": 26, "decay_shape": "cosine",
              "lr_min": 0.001}, None)],
    "inverse_sqrt": [({"lr0": 0.1, "warmup_steps": 8}, None),
                     ({"lr0": 0.1, "warmup_steps": 0}, None),
                     ({"lr0": 0.1, "warmup_steps": 5, "timescale": 12}, None)],
    "cyclic": [({"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 4}, None),
               ({"base_lr": 0.0, "max_lr": 0.1, "step_size_up": 3, "step_size_down": 5, "mode": "triangular2"},
                None),
               ({"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 5, "mode": "exp_range", "gamma": 0.95}, None)],
}

rng = np.random.default_rng(1)
PLATEAU_METRICS = {
    "flat": [1.0] * 25,
    "noisy loss": [float(v) for v in 2.0 * np.exp(-np.arange(80) / 15.0) + 0.05 * rng.random(80)],
    "improve in cooldown": [1.0, 1.0, 1.0, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.4, 0.6, 0.6, 0.6, 0.6, 0.6],
    "accuracy": [float(v) for v in 1.0 - 0.5 * np.exp(-np.arange(60) / 10.0) + 0.02 * rng.standard_normal(60)],
}
PLATEAU_CASES = [
    ({"lr0": 1.0, "factor": 0.5, "patience": 2, "threshold": 0.0, "threshold_mode": "abs"}, "flat"),
    ({"lr0": 1.0, "factor": 0.5, "patience": 0, "threshold": 0.01, "threshold_mode": "abs", "cooldown": 2}, "flat"),
    ({"lr0": 1.0, "factor": 0.5, "patience": 1, "threshold": 0.05, "threshold_mode": "abs", "cooldown": 3},
     "improve in cooldown"),
    ({"lr0": 0.1, "factor": 0.3, "patience": 3, "threshold": 0.01, "threshold_mode": "abs", "cooldown": 1,
      "min_lr": 0.002}, "noisy loss"),
    ({"lr0": 0.1, "factor": 0.5, "patience": 2}, "noisy loss"),
    ({"lr0": 0.1, "mode": "max", "factor": 0.5, "patience": 2, "threshold": 0.005, "threshold_mode": "abs",
      "cooldown": 2}, "accuracy"),
]

cases = []
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for row in frameworks.TRANSLATIONS:
        if row.framework not in ("pytorch", "keras", "huggingface") or row.framework_formula is None:
            continue
        if row.schedule in ("with_warmup", "join_schedules"):
            continue
        if row.schedule == "plateau_schedule":
            for ours, metrics_name in PLATEAU_CASES:
                try:
                    theirs = row.translate(ours)
                except ValueError as error:
                    print(f"skip {row.framework} {ours}: {error}")
                    continue
                metrics = PLATEAU_METRICS[metrics_name]
                values, dtype = record_plateau(row, theirs, metrics)
                cases.append({"schedule": row.schedule, "framework": row.framework, "name": row.name,
                              "kwargs": ours, "total_steps": None, "theirs": theirs, "metrics": metrics,
                              "values": values, "dtype": dtype})
            continue
        for ours, total_steps in SCHEDULE_CASES[row.schedule]:
            try:
                theirs = row.translate(ours, total_steps)
            except ValueError as error:
                print(f"skip {row.framework} {row.schedule} {ours}: {error}")
                continue
            until = row.last_agreeing_step(ours, total_steps)
            horizon = total_steps or ours.get("total_steps") or 40
            n_steps = int(min(until + 2, horizon * 2 + 5)) if row.schedule == "one_cycle" else horizon * 2 + 5
            cases.append({"schedule": row.schedule, "framework": row.framework, "name": row.name, "kwargs": ours,
                          "total_steps": total_steps, "theirs": theirs, "steps": list(range(n_steps)),
                          "values": record_schedule(row, theirs, n_steps),
                          "compare_up_to": None if until == float("inf") else until})

# Formulas that only appear in traps, recorded too.
extras = []
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for kwargs in ({"num_warmup_steps": 10, "num_training_steps": 40, "min_lr": 0.0},
                   {"num_warmup_steps": 5, "num_training_steps": 30, "min_lr": 0.01}):
        extras.append({
            "formula": "hf_cosine_with_min_lr_schedule_with_warmup_lr_rate",
            "call": f"get_cosine_with_min_lr_schedule_with_warmup_lr_rate(optimizer(lr=0.1), **{kwargs})",
            "kwargs": {"lr": 0.1, **kwargs},
            "steps": list(range(50)),
            "values": run_torch_like(
                lambda o, k=kwargs: transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate(o, **k),
                0.1, 50),
        })

payload = {
    "generated_with": {
        "torch": torch.__version__,
        "keras": keras.__version__,
        "keras_backend": keras.backend.backend(),
        "keras_floatx": keras.config.floatx(),
        "transformers": transformers.__version__,
        "python": platform.python_version(),
    },
    "how": __doc__.strip(),
    "cases": cases,
    "extras": extras,
}
OUT.write_text(json.dumps(payload, indent=1) + "\n")
print(f"wrote {len(cases)} cases to {OUT}")
