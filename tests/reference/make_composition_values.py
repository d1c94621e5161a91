"""Record PyTorch's SequentialLR warm-up + cosine, once, as test data.

Not run by the test suite (torch is not a dependency). To regenerate
``lrdecay_lessons/frameworks/data/composition_values.json``::

    /tmp/refenv/bin/python tests/reference/make_composition_values.py

Each case builds::

    SequentialLR(optimizer(lr=lr0),
                 [LinearLR(optimizer, start_factor, total_iters=W),
                  CosineAnnealingLR(optimizer, T_max, eta_min)],
                 milestones=[W])

and records ``optimizer.param_groups[0]["lr"]`` after ``t`` calls of
``optimizer.step(); scheduler.step()`` for ``t = 0 .. W + T_max + extra``. The course's
counterpart is ``with_warmup(partial(cosine_annealing, lr0=lr0, total_steps=T_max,
lr_min=eta_min), W, start_factor=start_factor)``; PyTorch's cosine rises again after
``W + T_max``, so the comparison stops there (``compare_up_to``).
"""

from __future__ import annotations

import json
import platform
import warnings
from pathlib import Path

import torch
from torch.optim import lr_scheduler

OUT = Path(__file__).resolve().parents[2] / "lrdecay_lessons" / "frameworks" / "data" / "composition_values.json"


def run(lr0, start_factor, warmup, t_max, eta_min, n_steps):
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=lr0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scheduler = lr_scheduler.SequentialLR(
            optimizer,
            [
                lr_scheduler.LinearLR(optimizer, start_factor=start_factor, total_iters=warmup),
                lr_scheduler.CosineAnnealingLR(optimizer, T_max=t_max, eta_min=eta_min),
            ],
            milestones=[warmup],
        )
        values = []
        for _ in range(n_steps):
            values.append(float(optimizer.param_groups[0]["lr"]))
            optimizer.step()
            scheduler.step()
    return values, sorted({str(w.message) for w in caught})


cases = []
for lr0, start_factor, warmup, t_max, eta_min in [
    (0.1, 0.1, 5, 20, 0.0),
    (0.1, 1 / 3, 10, 90, 0.0),
    (1.0, 0.01, 1, 10, 0.0),
    (0.5, 0.25, 8, 8, 0.05),
    (0.1, 0.5, 3, 1, 0.0),
    (0.01, 1.0, 4, 16, 0.001),
]:
    n_steps = warmup + 2 * t_max + 3
    values, caught = run(lr0, start_factor, warmup, t_max, eta_min, n_steps)
    cases.append(
        {
            "name": f"LinearLR({start_factor:.4g}, W={warmup}) then CosineAnnealingLR(T_max={t_max}, eta_min={eta_min})",
            "lr0": lr0,
            "start_factor": start_factor,
            "warmup_steps": warmup,
            "T_max": t_max,
            "eta_min": eta_min,
            "call": (
                f"SequentialLR(optimizer(lr={lr0}), [LinearLR(optimizer, start_factor={start_factor!r}, "
                f"total_iters={warmup}), CosineAnnealingLR(optimizer, T_max={t_max}, eta_min={eta_min})], "
                f"milestones=[{warmup}])"
            ),
            "steps": list(range(n_steps)),
            "values": values,
            "compare_up_to": warmup + t_max,
            "warnings": caught,
        }
    )

payload = {
    "generated_with": {"torch": torch.__version__, "python": platform.python_version()},
    "how": __doc__.strip(),
    "cases": cases,
}
OUT.write_text(json.dumps(payload, indent=1) + "\n")
print(f"wrote {len(cases)} cases, {sum(len(c['values']) for c in cases)} values to {OUT}")
