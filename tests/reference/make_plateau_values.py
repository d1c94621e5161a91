"""Record PyTorch's ReduceLROnPlateau on scripted metric sequences, once, as test data.

Not run by the test suite (torch is not a dependency). To regenerate
``lrdecay_lessons/frameworks/data/plateau_values.json``::

    /tmp/refenv/bin/python tests/reference/make_plateau_values.py

Each case replays ``metrics`` through ``scheduler.step(metric)`` (after an
``optimizer.step()``) and records ``optimizer.param_groups[0]["lr"]`` after every
call: entry ``k`` is the rate used for epoch ``k + 1``.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import numpy as np
import torch
from torch.optim import lr_scheduler

OUT = Path(__file__).resolve().parents[2] / "lrdecay_lessons" / "frameworks" / "data" / "plateau_values.json"


def run_torch(lr0: float, metrics: list[float], **kwargs) -> list[float]:
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=lr0)
    scheduler = lr_scheduler.ReduceLROnPlateau(optimizer, **kwargs)
    values = []
    for metric in metrics:
        optimizer.step()
        scheduler.step(metric)
        values.append(float(optimizer.param_groups[0]["lr"]))
    return values


cases = []


def case(name: str, metrics, lr0: float = 0.1, note: str = "", **kwargs) -> None:
    metrics = [float(m) for m in metrics]
    cases.append(
        {
            "name": name,
            "lr0": lr0,
            "kwargs": kwargs,
            "call": "ReduceLROnPlateau(optimizer(lr={}){})".format(
                lr0, "".join(f", {k}={v!r}" for k, v in kwargs.items())
            ),
            "metrics": metrics,
            "values": run_torch(lr0, metrics, **kwargs),
            "note": note,
        }
    )


rng = np.random.default_rng(0)
plateau = [1.0] * 30

case("defaults on a flat loss", plateau, note="patience=10: the 11th bad step in a row drops the rate")
case("patience=2, improving then flat", [1.0, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7], patience=2)
case("patience=0", [1.0, 1.1, 0.9, 0.95, 0.95, 0.5, 0.6], patience=0, factor=0.5)
case("ties are not improvements", [0.5] * 8, patience=1, factor=0.5)
case("rel threshold just missed", [1.0, 0.99995, 0.9999, 0.99989, 0.99, 0.99, 0.99],
     patience=1, factor=0.5, note="0.99995 is within 1e-4 (relative) of 1.0: not an improvement")
case("rel threshold 0.1", [1.0, 0.95, 0.91, 0.89, 0.85, 0.80, 0.79, 0.72, 0.71, 0.70],
     patience=1, factor=0.5, threshold=0.1)
case("abs threshold 0.1", [1.0, 0.95, 0.91, 0.89, 0.85, 0.80, 0.79, 0.72, 0.71, 0.70],
     patience=1, factor=0.5, threshold=0.1, threshold_mode="abs")
case("abs threshold 0", [1.0, 1.0, 0.999999, 0.999999, 0.999999], patience=1, factor=0.5,
     threshold=0.0, threshold_mode="abs")
case("mode max, rel", [0.5, 0.6, 0.6, 0.65, 0.65, 0.65, 0.64, 0.7, 0.7, 0.7, 0.7],
     mode="max", patience=1, factor=0.5)
case("mode max, abs 0.02", [0.5, 0.51, 0.53, 0.54, 0.56, 0.57, 0.575, 0.58, 0.6, 0.6, 0.6],
     mode="max", patience=1, factor=0.5, threshold=0.02, threshold_mode="abs")
case("cooldown=2 on a flat loss", plateau[:20], patience=1, factor=0.5, cooldown=2)
case("cooldown=3, improvement inside the cooldown",
     [1.0, 1.0, 1.0, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.4, 0.6, 0.6, 0.6, 0.6, 0.6],
     patience=1, factor=0.5, cooldown=3)
case("cooldown with patience=0", plateau[:15], patience=0, factor=0.5, cooldown=1)
case("min_lr floor", plateau[:25], lr0=1.0, patience=1, factor=0.5, min_lr=0.1,
     note="the rate stops at min_lr=0.1: 1, 0.5, 0.25, 0.125, 0.1")
case("eps stops tiny reductions", plateau[:16], lr0=1e-7, patience=0, factor=0.5,
     note="1e-7 -> 5e-8 -> 2.5e-8 -> 1.25e-8, then 1.25e-8 - 6.25e-9 <= eps=1e-8: no change")
case("eps=0 keeps halving", plateau[:16], lr0=1e-7, patience=0, factor=0.5, eps=0.0)
case("large eps blocks every reduction", plateau[:10], lr0=0.1, patience=0, factor=0.5, eps=0.1)
case("min_lr closer than eps", plateau[:10], lr0=0.1, patience=0, factor=0.5, min_lr=0.1 - 5e-9,
     note="the floor is only 5e-9 below lr0 <= eps: the rate never moves")
case("negative loss, rel threshold (quirk)", [-1.0, -0.99995, -0.9999, -0.9998, -0.9997, -0.9996],
     patience=0, factor=0.5,
     note="best*(1-threshold) is above a negative best, so slightly worse values count as improvements")
case("noisy decreasing loss", list(2.0 * np.exp(-np.arange(200) / 40.0) + 0.05 * rng.random(200)),
     patience=5, factor=0.5)
case("noisy accuracy, everything at once",
     list(1.0 - 0.5 * np.exp(-np.arange(150) / 30.0) + 0.02 * rng.standard_normal(150)),
     mode="max", patience=3, factor=0.3, threshold=0.005, threshold_mode="abs", cooldown=2,
     min_lr=0.001)
case("factor 0.9, long", list(1.0 / (1.0 + np.arange(100) / 10.0)) + [0.1] * 60, patience=4, factor=0.9,
     cooldown=1, min_lr=0.05)

payload = {
    "generated_with": {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
    },
    "how": __doc__.strip(),
    "cases": cases,
}
OUT.write_text(json.dumps(payload, indent=1) + "\n")
print(f"wrote {len(cases)} cases, {sum(len(c['values']) for c in cases)} values to {OUT}")
