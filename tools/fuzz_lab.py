"""Fuzz the training lab's learner-facing calls: every bad value must raise a ValueError or TypeError
naming the parameter, and never a warning or another exception (run: .venv/bin/python tools/fuzz_lab.py).

Prints each finding (call, kind, message) and the count; the reproducers of a run belong in
tests/test_training_errors.py. Needs hypothesis (a test tool of the course).
"""
import traceback
import warnings

import numpy as np
from hypothesis import given, settings, strategies as st, HealthCheck
from lrdecay_lessons.training import (MLP, SGD, Adam, AdamW, ScheduleFreeSGD, ScheduleFreeAdamW,
    teacher_student_digits, train_many, tuned_sweep)
PROBLEM = teacher_student_digits()
weird = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=True),
                  st.text(max_size=3), st.lists(st.integers(-2, 40), max_size=3), st.just(np.nan), st.just((3,)),
                  st.just(np.array([1.0, 2.0])), st.just(1e300), st.just(-0.0))
found = {}
def attempt(label, name, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            fn()
        except (ValueError, TypeError) as e:
            if name not in str(e):
                found.setdefault((label, "unnamed"), f"{type(e).__name__}: {e}"[:200])
        except Exception as e:
            found.setdefault((label, type(e).__name__), f"{e!r}"[:200] + " | " + traceback.format_exc().splitlines()[-3][:150])

@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["hidden", "head", "init_scale", "dtype"]), weird)
def mlp(name, value):
    kw = {"hidden": (4,)}; kw[name] = value
    attempt(f"MLP {name}={value!r}"[:60], name, lambda: MLP(**kw))

@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from([SGD, Adam, AdamW, ScheduleFreeSGD, ScheduleFreeAdamW]),
       st.sampled_from(["momentum", "dampening", "nesterov", "weight_decay", "beta1", "beta2", "eps", "r",
                        "weight_lr_power", "lr"]), weird)
def optim(cls, name, value):
    def go():
        if name == "lr":
            opt = cls()
            net = MLP(hidden=(4,))
            params = net.init(64, 10, 0)
            grads = net.loss_and_gradient(params, PROBLEM.X_train[:8], np.zeros(8, int))[1]
            opt.step(params, grads, opt.init(params), value)
        else:
            cls(**{name: value})
    attempt(f"{cls.__name__} {name}={value!r}"[:70], name, go)

@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["teacher_hidden", "temperature", "teacher_seed", "test_fraction", "split_seed", "labels",
                        "label_seed"]), weird)
def problem(name, value):
    attempt(f"teacher_student_digits {name}={value!r}"[:70], name, lambda: teacher_student_digits(**{name: value}))

NET = MLP(hidden=(4,))
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["rates", "seeds", "batch_size", "evaluations", "patience"]), weird)
def many(name, value):
    kw = dict(rates=np.full((1, 5), 0.01), seeds=[0], batch_size=4, evaluations=2, patience=1); kw[name] = value
    attempt(f"train_many {name}={value!r}"[:70], name, lambda: train_many(PROBLEM, NET, SGD(), **kw))

@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["peaks", "seeds", "steps", "batch_size", "evaluations", "criterion", "schedules"]), weird)
def sweep(name, value):
    kw = dict(schedules={"c": lambda peak, T: (lambda t: np.full(np.shape(t), peak))}, peaks=[0.01], seeds=[0],
              steps=5, batch_size=4, evaluations=2, criterion="training"); kw[name] = value
    attempt(f"tuned_sweep {name}={value!r}"[:70], name, lambda: tuned_sweep(PROBLEM, NET, SGD(), **kw))

for f in (mlp, optim, problem, many, sweep):
    f()
for k, v in sorted(found.items()):
    print(k, "::", v)
print(len(found), "findings")
