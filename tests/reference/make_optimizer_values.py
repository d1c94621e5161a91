"""Record PyTorch's and schedulefree's optimizers on a fixed sequence of gradients and rates.

To regenerate ``lrdecay_lessons/frameworks/data/optimizer_values.json`` (torch and
schedulefree are not dependencies of the course; record in a separate environment)::

    python -m venv /tmp/rec && /tmp/rec/bin/pip install torch==2.13.0 schedulefree==1.4.1 numpy
    /tmp/rec/bin/python tests/reference/make_optimizer_values.py

Each case starts two parameters (a 3x2 matrix and a bias of 2) at fixed values, sets their
``.grad`` to a fixed pseudo-random sequence (so the gradients do not depend on the
parameters: the comparison is of the update rule alone), sets the group's ``lr`` to a
warm-up-then-decay sequence before each ``step()`` and records the parameters after every
step, in float64. For the schedule-free optimizers it records both the training point
``y`` (the parameters in ``train()`` mode) and the average ``x`` (after ``eval()``).
"""

from __future__ import annotations

import json
import math
import platform
from importlib import metadata
from pathlib import Path

import numpy as np
import schedulefree
import torch

OUT = Path(__file__).resolve().parents[2] / "lrdecay_lessons" / "frameworks" / "data" / "optimizer_values.json"
STEPS = 12
SHAPES = [(3, 2), (2,)]

CASES = [
    ("SGD", {}),
    ("SGD", {"momentum": 0.9}),
    ("SGD", {"momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01}),
    ("SGD", {"momentum": 0.8, "nesterov": True}),
    ("Adam", {}),
    ("Adam", {"betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.05}),
    ("AdamW", {}),
    ("AdamW", {"betas": [0.9, 0.95], "weight_decay": 0.1}),
    ("SGDScheduleFree", {"momentum": 0.9}),
    ("SGDScheduleFree", {"momentum": 0.5, "weight_decay": 0.01, "r": 1.0, "weight_lr_power": 1.0}),
    ("AdamWScheduleFree", {}),
    ("AdamWScheduleFree", {"betas": [0.95, 0.99], "weight_decay": 0.1, "eps": 1e-6}),
]


def rates() -> list[float]:
    """Three warm-up steps to 0.1, then a cosine down to 0.01: every update sees a different rate."""
    peak, low, warm = 0.1, 0.01, 3
    out = []
    for t in range(STEPS):
        if t < warm:
            out.append(peak * (t + 1) / warm)
        else:
            p = (t - warm) / (STEPS - warm)
            out.append(low + (peak - low) * 0.5 * (1 + math.cos(math.pi * p)))
    return out


def gradients(rng: np.random.Generator) -> list[list[list]]:
    return [[rng.normal(size=shape).tolist() for shape in SHAPES] for _ in range(STEPS)]


def record(name: str, kwargs: dict, start: list, grads: list, lrs: list) -> dict:
    params = [torch.tensor(np.array(p), dtype=torch.float64, requires_grad=True) for p in start]
    options = dict(kwargs)
    if "betas" in options:
        options["betas"] = tuple(options["betas"])
    if name in ("SGDScheduleFree", "AdamWScheduleFree"):
        optimizer = getattr(schedulefree, name)(params, lr=lrs[0], foreach=False, **options)
        optimizer.train()
    else:
        optimizer = getattr(torch.optim, name)(params, lr=lrs[0], **options)
    points, averages = [], []
    for step, lr in enumerate(lrs):
        for group in optimizer.param_groups:
            group["lr"] = lr
        for p, g in zip(params, grads[step]):
            p.grad = torch.tensor(np.array(g), dtype=torch.float64)
        optimizer.step()
        points.append([p.detach().numpy().tolist() for p in params])
        if name.endswith("ScheduleFree"):
            optimizer.eval()
            averages.append([p.detach().numpy().tolist() for p in params])
            optimizer.train()
    case = {"optimizer": name, "kwargs": kwargs, "params": points}
    if averages:
        case["averages"] = averages
    return case


def main() -> None:
    rng = np.random.default_rng(20261201)
    start = [rng.normal(size=shape).tolist() for shape in SHAPES]
    grads, lrs = gradients(rng), rates()
    data = {
        "generated_with": {"torch": torch.__version__, "schedulefree": metadata.version("schedulefree"),
                           "numpy": np.__version__, "python": platform.python_version()},
        "how": __doc__,
        "start": start, "gradients": grads, "lrs": lrs,
        "cases": [record(name, kwargs, start, grads, lrs) for name, kwargs in CASES],
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {len(data['cases'])} cases x {STEPS} steps to {OUT}")


if __name__ == "__main__":
    main()
