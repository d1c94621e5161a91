"""Record learning rates from the real frameworks, once, as test data.

Not run by the test suite (torch, keras and transformers are not dependencies).
To regenerate ``lrdecay_lessons/frameworks/data/framework_values.json``::

    python -m venv /tmp/refenv
    /tmp/refenv/bin/pip install torch==2.13.0 keras==3.15.1 transformers==5.24.0 numpy
    KERAS_BACKEND=torch /tmp/refenv/bin/python tests/reference/make_framework_values.py

PyTorch and Hugging Face values are read from ``optimizer.param_groups[0]["lr"]``
after ``t`` calls of ``optimizer.step(); scheduler.step()``, exactly what a
training loop sees. Keras values are ``schedule(t)`` with ``floatx`` set to
float64 (Keras computes in float32 by default, which would hide our float64
values behind float32 rounding; the formulas are the same).

``warmup_cases`` holds Hugging Face's ``get_linear_schedule_with_warmup`` runs, which the
course writes as ``with_warmup`` over ``polynomial_decay(power=1, lr_end=0)``:
``{"warmup_steps": W, "schedule": ["polynomial_decay", {kwargs}]}``.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from torch.optim import lr_scheduler  # noqa: E402

keras.config.set_floatx("float64")
OUT = Path(__file__).resolve().parents[2] / "lrdecay_lessons" / "frameworks" / "data" / "framework_values.json"


def run_torch(make_scheduler, lr0: float, n_steps: int) -> list[float]:
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=lr0)
    scheduler = make_scheduler(optimizer)
    values = []
    for _ in range(n_steps):
        values.append(float(optimizer.param_groups[0]["lr"]))
        optimizer.step()
        scheduler.step()
    return values


def run_keras(schedule, steps: list[int]) -> list[float]:
    return [float(schedule(step)) for step in steps]


cases = []


def case(name, schedule, ours, framework, call, steps, values, compare_up_to=None, note=""):
    cases.append(
        {
            "name": name,
            "schedule": schedule,
            "kwargs": ours,
            "framework": framework,
            "call": call,
            "steps": steps,
            "values": values,
            "compare_up_to": compare_up_to,
            "note": note,
        }
    )


def torch_case(name, schedule, ours, call, factory, lr0, n_steps, compare_up_to=None, note=""):
    values = run_torch(factory, lr0, n_steps)
    case(name, schedule, ours, "pytorch", call, list(range(n_steps)), values, compare_up_to, note)


def keras_case(name, schedule, ours, call, keras_schedule, steps, compare_up_to=None, note=""):
    case(name, schedule, ours, "keras", call, steps, run_keras(keras_schedule, steps), compare_up_to, note)


# --- PyTorch -----------------------------------------------------------------
torch_case("StepLR, article example", "step_decay",
           {"lr0": 0.1, "gamma": 0.5, "step_size": 100},
           "StepLR(optimizer(lr=0.1), step_size=100, gamma=0.5)",
           lambda o: lr_scheduler.StepLR(o, step_size=100, gamma=0.5), 0.1, 401)
torch_case("StepLR, short period", "step_decay",
           {"lr0": 0.05, "gamma": 0.1, "step_size": 3},
           "StepLR(optimizer(lr=0.05), step_size=3, gamma=0.1)",
           lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.1), 0.05, 20)
torch_case("MultiStepLR", "multistep_decay",
           {"lr0": 0.1, "milestones": [3, 7], "gamma": 0.1},
           "MultiStepLR(optimizer(lr=0.1), milestones=[3, 7], gamma=0.1)",
           lambda o: lr_scheduler.MultiStepLR(o, milestones=[3, 7], gamma=0.1), 0.1, 12)
torch_case("MultiStepLR, repeated milestone", "multistep_decay",
           {"lr0": 0.1, "milestones": [2, 5, 5, 9], "gamma": 0.5},
           "MultiStepLR(optimizer(lr=0.1), milestones=[2, 5, 5, 9], gamma=0.5)",
           lambda o: lr_scheduler.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.5), 0.1, 12)
torch_case("ExponentialLR", "exponential_decay",
           {"lr0": 0.1, "gamma": 0.9, "total_steps": 1},
           "ExponentialLR(optimizer(lr=0.1), gamma=0.9)",
           lambda o: lr_scheduler.ExponentialLR(o, gamma=0.9), 0.1, 40)
for power in (1.0, 2.0, 0.5):
    torch_case(f"PolynomialLR, power={power}", "polynomial_decay",
               {"lr0": 0.1, "total_steps": 10, "power": power},
               f"PolynomialLR(optimizer(lr=0.1), total_iters=10, power={power})",
               lambda o, p=power: lr_scheduler.PolynomialLR(o, total_iters=10, power=p), 0.1, 16)
for eta_min in (0.0, 0.01):
    torch_case(f"CosineAnnealingLR, eta_min={eta_min}", "cosine_annealing",
               {"lr0": 0.1, "total_steps": 10, "lr_min": eta_min},
               f"CosineAnnealingLR(optimizer(lr=0.1), T_max=10, eta_min={eta_min})",
               lambda o, e=eta_min: lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=e), 0.1, 21,
               compare_up_to=10,
               note="Past T_max PyTorch's rate rises again; ours holds lr_min.")
torch_case("CosineAnnealingLR, long", "cosine_annealing",
           {"lr0": 0.1, "total_steps": 1000},
           "CosineAnnealingLR(optimizer(lr=0.1), T_max=1000)",
           lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=1000), 0.1, 1001)
for t_mult in (1, 2, 3):
    torch_case(f"CosineAnnealingWarmRestarts, T_mult={t_mult}", "cosine_restarts",
               {"lr0": 0.1, "period": 5, "period_mult": t_mult, "lr_min": 0.001},
               f"CosineAnnealingWarmRestarts(optimizer(lr=0.1), T_0=5, T_mult={t_mult}, eta_min=0.001)",
               lambda o, m=t_mult: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=m, eta_min=0.001),
               0.1, 200)
for total, pct, div, final in ((100, 0.3, 25.0, 1e4), (10, 0.25, 10.0, 100.0), (1000, 0.5, 25.0, 1e4)):
    torch_case(f"OneCycleLR, total_steps={total}, pct_start={pct}", "one_cycle",
               {"lr_max": 0.1, "total_steps": total, "pct_start": pct, "div_factor": div,
                "final_div_factor": final},
               f"OneCycleLR(optimizer, max_lr=0.1, total_steps={total}, pct_start={pct}, "
               f"anneal_strategy='cos', div_factor={div}, final_div_factor={final}, "
               "cycle_momentum=False)",
               lambda o, T=total, p=pct, d=div, f=final: lr_scheduler.OneCycleLR(
                   o, max_lr=0.1, total_steps=T, pct_start=p, anneal_strategy="cos",
                   div_factor=d, final_div_factor=f, cycle_momentum=False, three_phase=False),
               0.1, total,
               note="PyTorch raises an error when stepped past total_steps.")
for base, top, up, down, mode, gamma, n_steps in (
        (0.001, 0.1, 5, None, "triangular", 1.0, 61), (0.001, 0.1, 4, 6, "triangular", 1.0, 61),
        (0.0, 0.1, 5, 3, "triangular2", 1.0, 81), (0.01, 0.1, 5, None, "exp_range", 0.97, 81),
        (0.001, 0.1, 3, 0, "triangular", 1.0, 31), (0.001, 0.1, 200, 300, "triangular2", 1.0, 2501)):
    torch_case(f"CyclicLR, mode={mode}, step_size_up={up}, step_size_down={down}", "cyclic",
               {"base_lr": base, "max_lr": top, "step_size_up": up, "step_size_down": down, "mode": mode,
                "gamma": gamma},
               f"CyclicLR(optimizer, base_lr={base}, max_lr={top}, step_size_up={up}, step_size_down={down}, "
               f"mode='{mode}', gamma={gamma}, cycle_momentum=False)",
               lambda o, b=base, m=top, u=up, d=down, mo=mode, g=gamma: lr_scheduler.CyclicLR(
                   o, base_lr=b, max_lr=m, step_size_up=u, step_size_down=d, mode=mo, gamma=g,
                   cycle_momentum=False),
               0.1, n_steps,
               note="The constructor sets the optimizer's rate to base_lr.")

# --- Keras -------------------------------------------------------------------
S = keras.optimizers.schedules
keras_case("ExponentialDecay, article example", "exponential_decay",
           {"lr0": 0.1, "gamma": 0.9, "total_steps": 1000},
           "ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.9)",
           S.ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.9), list(range(0, 3001, 50)))
keras_case("ExponentialDecay, staircase", "exponential_decay",
           {"lr0": 0.1, "gamma": 0.5, "total_steps": 100, "staircase": True},
           "ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5, staircase=True)",
           S.ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5, staircase=True), list(range(0, 501, 7)))
keras_case("PolynomialDecay, article example", "polynomial_decay",
           {"lr0": 0.1, "total_steps": 1000, "power": 2.0, "lr_end": 0.0},
           "PolynomialDecay(0.1, decay_steps=1000, end_learning_rate=0.0, power=2.0)",
           S.PolynomialDecay(0.1, decay_steps=1000, end_learning_rate=0.0, power=2.0), list(range(0, 1501, 25)))
keras_case("PolynomialDecay, with floor", "polynomial_decay",
           {"lr0": 0.1, "total_steps": 1000, "power": 0.5, "lr_end": 0.0001},
           "PolynomialDecay(0.1, decay_steps=1000, end_learning_rate=0.0001, power=0.5)",
           S.PolynomialDecay(0.1, decay_steps=1000, end_learning_rate=0.0001, power=0.5), list(range(0, 1501, 25)))
keras_case("CosineDecay, article example", "cosine_annealing",
           {"lr0": 0.1, "total_steps": 1000, "lr_min": 0.0},
           "CosineDecay(0.1, decay_steps=1000)",
           S.CosineDecay(0.1, decay_steps=1000), list(range(0, 1501, 25)))
keras_case("CosineDecay, alpha", "cosine_annealing",
           {"lr0": 0.1, "total_steps": 1000, "lr_min": 0.01},
           "CosineDecay(0.1, decay_steps=1000, alpha=0.1)",
           S.CosineDecay(0.1, decay_steps=1000, alpha=0.1), list(range(0, 1501, 25)))
for t_mul in (1.0, 2.0, 1.5):
    keras_case(f"CosineDecayRestarts, t_mul={t_mul}", "cosine_restarts",
               {"lr0": 0.1, "period": 10, "period_mult": t_mul, "lr_min": 0.001},
               f"CosineDecayRestarts(0.1, first_decay_steps=10, t_mul={t_mul}, m_mul=1.0, alpha=0.01)",
               S.CosineDecayRestarts(0.1, first_decay_steps=10, t_mul=t_mul, m_mul=1.0, alpha=0.01),
               list(range(0, 301)))
for staircase in (False, True):
    keras_case(f"InverseTimeDecay, staircase={staircase}", "inverse_time_decay",
               {"lr0": 0.1, "decay_rate": 0.5, "decay_steps": 10, "staircase": staircase},
               f"InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5, staircase={staircase})",
               S.InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=staircase),
               list(range(0, 101)))
keras_case("CosineDecay with warm-up", "warmup_cosine",
           {"lr0": 0.1, "total_steps": 100, "warmup_steps": 10},
           "CosineDecay(0.0, decay_steps=90, warmup_target=0.1, warmup_steps=10)",
           S.CosineDecay(0.0, decay_steps=90, warmup_target=0.1, warmup_steps=10), list(range(0, 151)))

# --- Hugging Face ------------------------------------------------------------
for warmup, total in ((10, 100), (0, 50), (25, 40)):
    torch_case(f"get_cosine_schedule_with_warmup, warmup={warmup}, total={total}", "warmup_cosine",
               {"lr0": 0.1, "total_steps": total, "warmup_steps": warmup},
               f"get_cosine_schedule_with_warmup(optimizer(lr=0.1), num_warmup_steps={warmup}, "
               f"num_training_steps={total})",
               lambda o, w=warmup, n=total: transformers.get_cosine_schedule_with_warmup(
                   o, num_warmup_steps=w, num_training_steps=n),
               0.1, total + total // 2 + 1, compare_up_to=total,
               note="Past num_training_steps Hugging Face's rate rises again; ours holds 0.")
    cases[-1]["framework"] = "huggingface"
for warmup, decay, total, shape, floor in (
        (10, 20, 100, "linear", 0.0), (10, 20, 100, "1-sqrt", 0.01), (10, 20, 100, "cosine", 0.001),
        (0, 30, 60, "linear", 0.0), (25, 15, 40, "1-sqrt", 0.0), (5, 0, 40, "cosine", 0.01),
        (100, 200, 1000, "1-sqrt", 0.0)):
    torch_case(f"get_wsd_schedule, {warmup}/{decay}/{total}, {shape}, lr_min={floor}", "wsd",
               {"lr0": 0.1, "total_steps": total, "warmup_steps": warmup, "decay_steps": decay,
                "decay_shape": shape, "lr_min": floor},
               f"get_wsd_schedule(optimizer(lr=0.1), num_warmup_steps={warmup}, num_decay_steps={decay}, "
               f"num_training_steps={total}, warmup_type='linear', decay_type='{shape}', "
               f"min_lr_ratio={floor / 0.1!r})",
               lambda o, w=warmup, d=decay, n=total, s=shape, f=floor: transformers.get_wsd_schedule(
                   o, num_warmup_steps=w, num_decay_steps=d, num_training_steps=n, warmup_type="linear",
                   decay_type=s, min_lr_ratio=f / 0.1),
               0.1, total + total // 2 + 1)
    cases[-1]["framework"] = "huggingface"
for warmup, timescale, n_steps in ((10, None, 200), (100, None, 2001), (0, None, 3001), (10, 50, 300),
                                   (0, 7, 100), (20, 5, 200)):
    torch_case(f"get_inverse_sqrt_schedule, warmup={warmup}, timescale={timescale}", "inverse_sqrt",
               {"lr0": 0.1, "warmup_steps": warmup, "timescale": timescale},
               f"get_inverse_sqrt_schedule(optimizer(lr=0.1), num_warmup_steps={warmup}, timescale={timescale})",
               lambda o, w=warmup, ts=timescale: transformers.get_inverse_sqrt_schedule(
                   o, num_warmup_steps=w, timescale=ts),
               0.1, n_steps)
    cases[-1]["framework"] = "huggingface"

warmup_cases = []
for warmup, total in ((10, 100), (0, 50), (25, 40), (1, 2)):
    values = run_torch(lambda o, w=warmup, n=total: transformers.get_linear_schedule_with_warmup(
        o, num_warmup_steps=w, num_training_steps=n), 0.1, total + total // 2 + 1)
    warmup_cases.append({
        "name": f"get_linear_schedule_with_warmup, warmup={warmup}, total={total}",
        "framework": "huggingface",
        "call": f"get_linear_schedule_with_warmup(optimizer(lr=0.1), num_warmup_steps={warmup}, "
                f"num_training_steps={total})",
        "warmup_steps": warmup,
        "schedule": ["polynomial_decay", {"lr0": 0.1, "total_steps": max(1, total - warmup), "power": 1.0,
                                          "lr_end": 0.0}],
        "steps": list(range(len(values))),
        "values": values,
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
    "warmup_cases": warmup_cases,
}
OUT.write_text(json.dumps(payload, indent=1) + "\n")
print(f"wrote {len(cases)} cases, {sum(len(c['steps']) for c in cases)} values "
      f"(+ {sum(len(c['steps']) for c in warmup_cases)} warm-up values) to {OUT}")
