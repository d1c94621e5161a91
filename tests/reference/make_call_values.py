"""Record the schedules and pitfalls of chapter 12's "for today's users" from the real libraries.

Not run by the test suite (torch, transformers, keras, optax, jax and timm are not
dependencies). To regenerate ``lrdecay_lessons/frameworks/data/call_values.json``::

    python -m venv /tmp/rec-advice
    /tmp/rec-advice/bin/pip install torch==2.13.0 transformers==5.24.0 keras==3.15.1 \
        optax==0.2.8 jax==0.10.2 jaxlib==0.10.2 timm numpy
    KERAS_BACKEND=torch /tmp/rec-advice/bin/python tests/reference/make_call_values.py

``cases``: one schedule each, ``values[i]`` the rate used at update ``steps[i]``. PyTorch,
Hugging Face and timm: ``optimizer.param_groups[0]["lr"]`` after ``t`` updates
(``optimizer.step(); scheduler.step()``, timm: ``scheduler.step_update(num_updates=t)``, as
timm's own training loop calls it). Keras: ``schedule(t)`` in float64; optax: ``schedule(t)``
with ``jax_enable_x64``. ``function`` names the NumPy formula in ``lrdecay_lessons.frameworks``
and ``kwargs`` its arguments, so the tests replay each case.

``traces``: what a training loop sees in the pitfalls (rates, and the libraries' messages).
``trainer_warmup``: ``TrainingArguments(warmup_steps=w).get_warmup_steps(n)``.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import warnings
from functools import partial
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)

import keras  # noqa: E402
import optax  # noqa: E402
import importlib.metadata  # noqa: E402
import importlib.util  # noqa: E402
import types  # noqa: E402

# timm's package __init__ imports torchvision (models, data); its schedulers need only torch.
# Load timm/scheduler/cosine_lr.py under empty parent packages, without that __init__.
_timm_dir = Path(importlib.util.find_spec("timm").submodule_search_locations[0])
for _name, _path in (("timm", _timm_dir), ("timm.scheduler", _timm_dir / "scheduler")):
    _module = types.ModuleType(_name)
    _module.__path__ = [str(_path)]
    sys.modules[_name] = _module
from timm.scheduler.cosine_lr import CosineLRScheduler  # noqa: E402

TIMM_VERSION = importlib.metadata.version("timm")
import torch  # noqa: E402
import transformers  # noqa: E402
from torch.optim import lr_scheduler as L  # noqa: E402

from lrdecay_lessons import schedules  # noqa: E402

keras.config.set_floatx("float64")
OUT = ROOT / "lrdecay_lessons" / "frameworks" / "data" / "call_values.json"


def optimizer(lr=0.1):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


def run(make, n, lr=0.1):
    """Rates used at updates 0 .. n-1 of a torch-style scheduler."""
    opt = optimizer(lr)
    scheduler = make(opt)
    values = []
    for _ in range(n):
        values.append(float(opt.param_groups[0]["lr"]))
        opt.step()
        scheduler.step()
    return values


def run_timm(kwargs, n, lr=0.1):
    opt = optimizer(lr)
    scheduler = CosineLRScheduler(opt, t_in_epochs=False, **kwargs)
    values = []
    for t in range(n):
        if t:
            scheduler.step_update(num_updates=t)
        values.append(float(opt.param_groups[0]["lr"]))
    return values


def case(name, framework, call, function, kwargs, values, course=None):
    return {"name": name, "framework": framework, "call": call, "function": function, "kwargs": kwargs,
            "steps": list(range(len(values))), "values": values, "course": course}


def schedule_cases():
    out = []
    for W in (0, 5):
        out.append(case(f"hf_constant_warmup_{W}", "huggingface",
                        f"get_constant_schedule_with_warmup(optimizer(lr=0.1), num_warmup_steps={W})",
                        "hf_constant_schedule_with_warmup", {"lr": 0.1, "num_warmup_steps": W},
                        run(lambda o, W=W: transformers.get_constant_schedule_with_warmup(o, W), 15)))
    kw = {"num_warmup_steps": 10, "num_training_steps": 50, "min_lr_rate": 0.1}
    out.append(case("hf_cosine_min_lr", "huggingface",
                    "get_cosine_with_min_lr_schedule_with_warmup(optimizer(lr=0.1), num_warmup_steps=10, "
                    "num_training_steps=50, min_lr_rate=0.1)",
                    "hf_cosine_with_min_lr_schedule_with_warmup", {"lr": 0.1, **kw},
                    run(lambda o: transformers.get_cosine_with_min_lr_schedule_with_warmup(o, **kw), 51),
                    {"schedule": "with_warmup", "inner": ["cosine_annealing",
                                                          {"lr0": 0.1, "total_steps": 40, "lr_min": 0.01}],
                     "warmup_steps": 10, "compare_up_to": 50}))
    for three in (True, False):
        kw = {"max_lr": 0.1, "total_steps": 100, "pct_start": 0.3, "anneal_strategy": "linear",
              "div_factor": 25.0, "final_div_factor": 1e4, "three_phase": three}
        out.append(case(f"torch_one_cycle_linear{'_three_phase' if three else ''}", "pytorch",
                        f"OneCycleLR(optimizer(lr=0.1), max_lr=0.1, total_steps=100, pct_start=0.3, "
                        f"anneal_strategy='linear', three_phase={three}, cycle_momentum=False)",
                        "torch_one_cycle_lr", kw,
                        run(lambda o, kw=kw: L.OneCycleLR(o, cycle_momentum=False, **kw), 100)))
    out.append(case("torch_constant_lr", "pytorch", "ConstantLR(optimizer(lr=0.1), factor=0.5, total_iters=4)",
                    "torch_constant_lr", {"lr": 0.1, "factor": 0.5, "total_iters": 4},
                    run(lambda o: L.ConstantLR(o, factor=0.5, total_iters=4), 10)))
    out.append(case("torch_linear_lr", "pytorch",
                    "LinearLR(optimizer(lr=0.1), start_factor=0.25, end_factor=1.0, total_iters=4)",
                    "torch_linear_lr", {"lr": 0.1, "start_factor": 0.25, "end_factor": 1.0, "total_iters": 4},
                    run(lambda o: L.LinearLR(o, start_factor=0.25, total_iters=4), 10)))
    out.append(case("torch_chained", "pytorch",
                    "ChainedScheduler([LinearLR(opt, start_factor=0.25, total_iters=4), ExponentialLR(opt, gamma=0.9)])",
                    "torch_chained_scheduler", {"lr": 0.1, "parts": [
                        ["torch_linear_lr", {"start_factor": 0.25, "total_iters": 4}],
                        ["torch_exponential_lr", {"gamma": 0.9}]]},
                    run(lambda o: L.ChainedScheduler([L.LinearLR(o, start_factor=0.25, total_iters=4),
                                                      L.ExponentialLR(o, gamma=0.9)]), 16)))
    out.append(case("torch_sequential", "pytorch",
                    "SequentialLR(opt, [LinearLR(opt, start_factor=0.25, total_iters=4), ExponentialLR(opt, gamma=0.9)], "
                    "milestones=[4])",
                    "torch_sequential_lr", {"lr": 0.1, "parts": [
                        ["torch_linear_lr", {"start_factor": 0.25, "total_iters": 4}],
                        ["torch_exponential_lr", {"gamma": 0.9}]], "milestones": [4]},
                    run(lambda o: L.SequentialLR(o, [L.LinearLR(o, start_factor=0.25, total_iters=4),
                                                     L.ExponentialLR(o, gamma=0.9)], milestones=[4]), 16)))
    wsd = partial(schedules.wsd, lr0=0.1, total_steps=40, warmup_steps=4, decay_steps=8, decay_shape="1-sqrt")
    out.append(case("torch_lambda_wsd", "pytorch",
                    "LambdaLR(optimizer(lr=0.1), lambda t: wsd(t, lr0=0.1, total_steps=40, warmup_steps=4, "
                    "decay_steps=8, decay_shape='1-sqrt') / 0.1)",
                    "course", {"schedule": "wsd", "lr0": 0.1, "total_steps": 40, "warmup_steps": 4, "decay_steps": 8,
                               "decay_shape": "1-sqrt"},
                    run(lambda o: L.LambdaLR(o, lambda t: wsd(t) / 0.1), 45)))
    for kind in ("linear", "cosine"):
        sched = optax.piecewise_interpolate_schedule(kind, 0.1, {10: 0.5, 20: 0.5})
        out.append(case(f"optax_piecewise_interpolate_{kind}", "optax",
                        f"piecewise_interpolate_schedule('{kind}', init_value=0.1, boundaries_and_scales={{10: 0.5, 20: 0.5}})",
                        "optax_piecewise_interpolate_schedule",
                        {"interpolate_type": kind, "init_value": 0.1, "boundaries_and_scales": [[10, 0.5], [20, 0.5]]},
                        [float(sched(t)) for t in range(31)]))
    sched = optax.linear_onecycle_schedule(transition_steps=40, peak_value=0.1)
    out.append(case("optax_linear_onecycle", "optax", "linear_onecycle_schedule(transition_steps=40, peak_value=0.1)",
                    "optax_linear_onecycle_schedule", {"transition_steps": 40, "peak_value": 0.1},
                    [float(sched(t)) for t in range(51)]))
    sched = optax.warmup_cosine_decay_schedule(init_value=0.0, peak_value=0.1, warmup_steps=10, decay_steps=50)
    out.append(case("optax_warmup_cosine", "optax",
                    "warmup_cosine_decay_schedule(init_value=0.0, peak_value=0.1, warmup_steps=10, decay_steps=50)",
                    "optax_warmup_cosine_decay_schedule",
                    {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 10, "decay_steps": 50},
                    [float(sched(t)) for t in range(71)],
                    {"schedule": "warmup_cosine", "kwargs": {"lr0": 0.1, "total_steps": 50, "warmup_steps": 10}}))
    sched = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=50, warmup_target=0.1, warmup_steps=10)
    out.append(case("keras_cosine_warmup", "keras",
                    "CosineDecay(initial_learning_rate=0.0, decay_steps=50, warmup_target=0.1, warmup_steps=10)",
                    "keras_cosine_decay",
                    {"initial_learning_rate": 0.0, "decay_steps": 50, "warmup_target": 0.1, "warmup_steps": 10},
                    [float(sched(t)) for t in range(71)],
                    {"schedule": "warmup_cosine", "kwargs": {"lr0": 0.1, "total_steps": 60, "warmup_steps": 10}}))
    for name, kwargs, course in [
        ("timm_cosine", {"t_initial": 50, "lr_min": 0.01}, {"schedule": "cosine_annealing",
                                                             "kwargs": {"lr0": 0.1, "total_steps": 50, "lr_min": 0.01}}),
        ("timm_cosine_warmup", {"t_initial": 50, "warmup_t": 5, "warmup_lr_init": 0.0}, None),
        ("timm_cosine_warmup_prefix", {"t_initial": 50, "warmup_t": 5, "warmup_lr_init": 0.0, "warmup_prefix": True},
         {"schedule": "with_warmup", "inner": ["cosine_annealing", {"lr0": 0.1, "total_steps": 50}],
          "warmup_steps": 5, "compare_up_to": None}),
    ]:
        args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
        out.append(case(name, "timm", f"CosineLRScheduler(optimizer(lr=0.1), {args}, t_in_epochs=False)",
                        "timm_cosine_lr_scheduler", {"lr": 0.1, **kwargs}, run_timm(kwargs, 66), course))
    return out


def caught(action):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            action()
            error = None
        except Exception as exc:  # noqa: BLE001 -- the message is what is recorded
            error = f"{type(exc).__name__}: {exc}"
    return error, [str(w.message) for w in seen if "lr" in str(w.message)]


def traces():
    out = {}
    # get_lr() against get_last_lr(): ExponentialLR(gamma=0.5) after 3 updates.
    opt = optimizer()
    sched = L.ExponentialLR(opt, gamma=0.5)
    for _ in range(3):
        opt.step()
        sched.step()
    got = {}
    _, messages = caught(lambda: got.update(get_lr=sched.get_lr()[0]))
    out["get_lr"] = {"call": "ExponentialLR(optimizer(lr=0.1), gamma=0.5), after 3 updates",
                     "get_lr": got["get_lr"], "get_last_lr": sched.get_last_lr()[0],
                     "param_group_lr": opt.param_groups[0]["lr"], "warning": messages[0]}

    # scheduler.step() before optimizer.step(): StepLR(step_size=3, gamma=0.1), 8 updates.
    def wrong_order():
        opt = optimizer()
        sched = L.StepLR(opt, step_size=3, gamma=0.1)
        rates = []
        for _ in range(8):
            sched.step()
            rates.append(opt.param_groups[0]["lr"])  # the rate the update below uses
            opt.step()
        return rates

    rates = []
    _, messages = caught(lambda: rates.extend(wrong_order()))
    out["step_order"] = {"call": "StepLR(optimizer(lr=0.1), step_size=3, gamma=0.1)",
                         "right": run(lambda o: L.StepLR(o, step_size=3, gamma=0.1), 8), "wrong": rates,
                         "warning": messages[0]}

    # A parameter group added after the scheduler was built.
    for key, make in [("group_added_lambda", lambda o: transformers.get_linear_schedule_with_warmup(o, 2, 10)),
                      ("group_added_exponential", lambda o: L.ExponentialLR(o, gamma=0.5))]:
        opt = optimizer()
        sched = make(opt)
        opt.step()
        sched.step()
        opt.add_param_group({"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.1})

        def more():
            for _ in range(3):
                opt.step()
                sched.step()

        error, _ = caught(more)
        out[key] = {"error": error, "rates": [g["lr"] for g in opt.param_groups]}
    out["group_added_lambda"]["call"] = "get_linear_schedule_with_warmup(opt, 2, 10); then opt.add_param_group(...)"
    out["group_added_exponential"]["call"] = "ExponentialLR(opt, gamma=0.5); then opt.add_param_group(...)"

    # Resuming get_linear_schedule_with_warmup(W=2, N=10) after 5 updates, three ways.
    def make(o):
        return transformers.get_linear_schedule_with_warmup(o, 2, 10)

    opt = optimizer()
    sched = make(opt)
    for _ in range(5):
        opt.step()
        sched.step()
    opt_state, sched_state = opt.state_dict(), sched.state_dict()

    def resumed(order):
        opt = optimizer()
        if order == "fresh scheduler":
            opt.load_state_dict(opt_state)
            sched = make(opt)
        elif order == "optimizer state, then a new scheduler, then its state":
            opt.load_state_dict(opt_state)
            sched = make(opt)
            sched.load_state_dict(sched_state)
        else:  # "new scheduler, then optimizer state, then scheduler state"
            sched = make(opt)
            opt.load_state_dict(opt_state)
            sched.load_state_dict(sched_state)
        rates = []
        for _ in range(5, 11):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        return rates

    out["resume"] = {"call": "get_linear_schedule_with_warmup(optimizer(lr=0.1), num_warmup_steps=2, "
                             "num_training_steps=10), checkpoint after 5 updates",
                     "steps": list(range(5, 11)), "uninterrupted": run(make, 11)[5:],
                     "orders": {order: resumed(order) for order in (
                         "fresh scheduler", "optimizer state, then a new scheduler, then its state",
                         "new scheduler, then optimizer state, then scheduler state")}}
    error, _ = caught(lambda: L.StepLR(optimizer(), step_size=2, last_epoch=5))
    out["last_epoch_without_initial_lr"] = {"call": "StepLR(optimizer(lr=0.1), step_size=2, last_epoch=5)",
                                            "error": error}
    return out


def trainer_warmup():
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for warmup, total in [(0, 1000), (0.05, 1000), (0.05, 999), (0.1, 37), (0.999, 10), (1, 1000), (50, 1000),
                              (50.7, 1000)]:
            args = transformers.TrainingArguments(output_dir=tmp, warmup_steps=warmup, report_to=[])
            rows.append({"warmup_steps": warmup, "num_training_steps": total,
                         "get_warmup_steps": args.get_warmup_steps(total)})
    return rows


def main():
    data = {
        "how": __doc__,
        "generated_with": {"torch": torch.__version__, "transformers": transformers.__version__,
                           "keras": keras.__version__, "keras_backend": keras.backend.backend(),
                           "keras_floatx": keras.config.floatx(), "optax": optax.__version__, "jax": jax.__version__,
                           "jax_enable_x64": True, "timm": TIMM_VERSION, "python": platform.python_version()},
        "cases": schedule_cases(),
        "traces": traces(),
        "trainer_warmup": trainer_warmup(),
        "trainer_scheduler_types": [member.value for member in transformers.SchedulerType],
        "trainer_default_scheduler": str(transformers.TrainingArguments(output_dir=tempfile.gettempdir(),
                                                                        report_to=[]).lr_scheduler_type.value),
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(data['cases'])} cases, {sum(len(c['values']) for c in data['cases'])} values")


if __name__ == "__main__":
    main()
