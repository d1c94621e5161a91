"""Record every optax row of the framework table from the real optax, once, as test data.

Not run by the test suite (optax and jax are not dependencies). To regenerate
``lrdecay_lessons/frameworks/data/optax_values.json``::

    /tmp/refenv/bin/pip install optax jax jaxlib
    /tmp/refenv/bin/python tests/reference/make_optax_values.py

For each optax row of ``lrdecay_lessons.frameworks.TRANSLATIONS`` and a few parameter
sets in *our* names, ``translate()`` gives optax's arguments and the real optax schedule
built from them is evaluated at ``count = 0, 1, ...`` with ``jax_enable_x64`` (float64,
like the course). Composition rows wrap our own schedules as optax schedules (optax calls
them with a jax array; they are evaluated on NumPy copies). The plateau row chains
``optax.sgd(learning_rate)`` with ``optax.contrib.reduce_on_plateau`` and records
``learning_rate * state.scale`` after each ``update(..., value=metric)``.
"""

from __future__ import annotations

import json
import platform
import sys
from functools import partial
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
import optax.contrib  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lrdecay_lessons import frameworks, schedules  # noqa: E402

OUT = ROOT / "lrdecay_lessons" / "frameworks" / "data" / "optax_values.json"

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
                        ({"lr0": 0.1, "period": 4, "period_mult": 1.5, "lr_min": 0.0}, 60)],
    "one_cycle": [({"lr_max": 0.1, "total_steps": 40, "pct_start": 0.25}, None),
                  ({"lr_max": 0.1, "total_steps": 100, "pct_start": 0.3}, None),
                  ({"lr_max": 0.1, "total_steps": 30, "pct_start": 0.3, "div_factor": 10.0,
                    "final_div_factor": 100.0}, None)],
    "warmup_cosine": [({"lr0": 0.1, "total_steps": 30, "warmup_steps": 6}, None),
                      ({"lr0": 0.1, "total_steps": 30, "warmup_steps": 0}, None)],
}

# Composition rows: our schedules inside optax's join_schedules. Stored by description,
# rebuilt by the tests from the same description.
COMPOSITION_CASES = {
    "with_warmup": [
        {"schedule": ["cosine_annealing", {"lr0": 0.1, "total_steps": 24}], "warmup_steps": 6},
        {"schedule": ["exponential_decay", {"lr0": 0.1, "gamma": 0.5, "total_steps": 5}], "warmup_steps": 4,
         "start_factor": 0.25},
    ],
    "join_schedules": [
        {"schedules": [["step_decay", {"lr0": 0.1, "gamma": 0.5, "step_size": 3}],
                       ["cosine_annealing", {"lr0": 0.05, "total_steps": 10}],
                       ["polynomial_decay", {"lr0": 0.01, "total_steps": 5}]],
         "boundaries": [7, 20]},
    ],
}

rng = np.random.default_rng(1)
PLATEAU_METRICS = {
    "flat": [1.0] * 25,
    "noisy loss": [float(v) for v in 2.0 * np.exp(-np.arange(80) / 15.0) + 0.05 * rng.random(80)],
    "improve in cooldown": [1.0, 1.0, 1.0, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.4, 0.6, 0.6, 0.6, 0.6, 0.6],
}
PLATEAU_CASES = [
    ({"lr0": 1.0, "factor": 0.5, "patience": 2, "threshold": 0.01, "threshold_mode": "abs"}, "flat"),
    ({"lr0": 1.0, "factor": 0.5, "patience": 0, "threshold": 0.01, "threshold_mode": "abs", "cooldown": 2}, "flat"),
    ({"lr0": 1.0, "factor": 0.5, "patience": 1, "threshold": 0.05, "threshold_mode": "abs", "cooldown": 3},
     "improve in cooldown"),
    ({"lr0": 0.1, "factor": 0.3, "patience": 3, "threshold": 0.01, "threshold_mode": "abs", "cooldown": 1,
      "min_lr": 0.002}, "noisy loss"),
    ({"lr0": 0.1, "factor": 0.5, "patience": 2}, "noisy loss"),
]


def build(description):
    name, kwargs = description
    return partial(getattr(schedules, name), **kwargs)


def as_optax(schedule):
    """Our NumPy schedule as an optax schedule (optax passes a jax array).

    optax.join_schedules calls *every* schedule at every count, later ones with a
    negative ``count - boundary``, and masks the result; ours reject negative steps, so
    negative counts are clamped to 0 here (those values are masked out anyway).
    """
    return lambda count: jnp.asarray(schedule(np.maximum(np.asarray(count), 0)))


def our_arguments(schedule, description):
    if schedule == "with_warmup":
        return {**description, "schedule": build(description["schedule"])}
    return {**description, "schedules": [build(d) for d in description["schedules"]]}


def optax_arguments(theirs):
    key = "schedules"
    return {**theirs, key: [as_optax(s) for s in theirs[key]]}


def evaluate(schedule, steps):
    return [float(schedule(jnp.asarray(step, dtype=jnp.int64))) for step in steps]


cases = []
for row in frameworks.TRANSLATIONS:
    if row.framework != "optax" or row.framework_formula is None:
        continue
    short = row.name.split("optax.", 1)[1]
    if row.schedule == "plateau_schedule":
        for ours, metrics_name in PLATEAU_CASES:
            theirs = row.translate(ours)
            rest = dict(theirs)
            learning_rate = rest.pop("learning_rate")
            transform = optax.contrib.reduce_on_plateau(**rest)
            params = jnp.zeros(1, dtype=jnp.float64)
            state = transform.init(params)
            values = []
            for metric in PLATEAU_METRICS[metrics_name]:
                _, state = transform.update(params, state, params, value=metric)
                values.append(float(learning_rate * state.scale))
            cases.append({"schedule": row.schedule, "name": row.name, "kwargs": ours, "total_steps": None,
                          "theirs": theirs, "metrics": PLATEAU_METRICS[metrics_name], "values": values})
        continue
    if row.schedule in COMPOSITION_CASES:
        for description in COMPOSITION_CASES[row.schedule]:
            theirs = row.translate(our_arguments(row.schedule, description))
            steps = list(range(40))
            values = evaluate(optax.join_schedules(**optax_arguments(theirs)), steps)
            cases.append({"schedule": row.schedule, "name": row.name, "description": description,
                          "total_steps": None, "steps": steps, "values": values})
        continue
    for ours, total_steps in SCHEDULE_CASES[row.schedule]:
        theirs = row.translate(ours, total_steps)
        horizon = total_steps or ours.get("total_steps") or 40
        steps = list(range(horizon * 2 + 5))
        values = evaluate(getattr(optax, short)(**theirs), steps)
        until = row.last_agreeing_step(ours, total_steps)
        cases.append({"schedule": row.schedule, "name": row.name, "kwargs": ours, "total_steps": total_steps,
                      "theirs": theirs, "steps": steps, "values": values,
                      "compare_up_to": None if until == float("inf") else until})


# Values that only appear in traps.
extras = []
transform = optax.contrib.reduce_on_plateau(factor=0.5, patience=0)
params = jnp.zeros(1, dtype=jnp.float64)
state = transform.init(params)
improving = [1.0, 0.9, 0.8, 0.7, 0.6]
scales = []
for metric in improving:
    _, state = transform.update(params, state, params, value=metric)
    scales.append(float(state.scale))
extras.append({"formula": "optax_reduce_on_plateau", "call": "reduce_on_plateau(factor=0.5, patience=0)",
               "kwargs": {"learning_rate": 1.0, "factor": 0.5, "patience": 0}, "metrics": improving,
               "values": scales})
extras.append({"formula": "optax_cosine_onecycle_schedule",
               "call": "cosine_onecycle_schedule(transition_steps=100, peak_value=0.1)",
               "kwargs": {"transition_steps": 100, "peak_value": 0.1}, "steps": list(range(105)),
               "values": evaluate(optax.cosine_onecycle_schedule(transition_steps=100, peak_value=0.1),
                                  range(105))})


def jsonable(value):
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


payload = {
    "generated_with": {
        "optax": optax.__version__,
        "jax": jax.__version__,
        "jax_enable_x64": True,
        "python": platform.python_version(),
    },
    "how": __doc__.strip(),
    "cases": jsonable(cases),
    "extras": extras,
}
OUT.write_text(json.dumps(payload, indent=1) + "\n")
print(f"wrote {len(cases)} cases to {OUT}")
