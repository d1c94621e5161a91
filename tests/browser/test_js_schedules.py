"""The JavaScript schedules of the browser panels (``webpanel/src/schedules.js``) are the Python ones (issue 25).

Loaded as a plain ES module in headless Chromium (a local server, every outside host blocked), the module is
compared with :mod:`lrdecay_lessons.schedules`:

* the same registry names, and for each schedule the same keywords in the same order with the same defaults;
* every registry schedule at ``SETS_PER_SCHEDULE`` random parameter sets (a seeded NumPy generator; every option
  and flag drawn, optional keywords left out or given), plus with_warmup, join_schedules and linear_warmup, at
  steps 0, 1, T-1, T, T+1, 10 T, the boundaries of the schedule (drops, milestones, restarts, warm-up and
  cooldown ends, cycle peaks) and one step either side, random steps, fractional steps and a huge step:
  relative difference <= 1e-12, exactly 0 where Python gives 0, and wherever two neighbouring steps differ in
  Python they differ the same way in JavaScript;
* plateau_trace with random metric sequences and ReduceLROnPlateau settings: every row equal;
* parameter sets drawn invalid on purpose (each parameter in turn: out of range, wrong type, NaN, infinite, None,
  a keyword missing or unknown, a bad step): JavaScript throws iff Python raises, with the same message;
* the comparison can fail: each of a dozen off-by-one variants of the module (one operator or offset changed,
  e.g. a milestone taking effect one step late) is loaded from a Blob URL and caught.
"""

from __future__ import annotations

import inspect
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest
from lrdecay_lessons.schedules import (
    REGISTRY,
    InvalidParameterError,
    ReduceLROnPlateau,
    join_schedules,
    linear_warmup,
    plateau_trace,
    schedule,
    with_warmup,
)

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "webpanel" / "src" / "schedules.js"
SETS_PER_SCHEDULE = 200
PLATEAU_SEQUENCES = 200
INVALID_PER_SCHEDULE = 40
TOLERANCE = 1e-12
SEED = 20251206

# The page's side: evaluate every case with one module (the real one, or an off-by-one variant).
HARNESS = r"""
window.loadModule = async (key, url) => { window.modules = window.modules || {}; window.modules[key] = await import(url); };
window.loadVariant = async (key, source) => {
  const url = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
  await window.loadModule(key, url);
};
window.runCases = (key, cases) => {
  const S = window.modules[key];
  const scheduleOf = (part) => S.schedule(part.name, part.params);
  const one = (c) => {
    if (c.kind === 'registry') return Array.from(S.evaluate(c.name, c.steps, c.params));
    if (c.kind === 'with_warmup') {
      return Array.from(S.with_warmup(scheduleOf(c.base), c.warmup_steps, c.lr0, c.start_factor)(c.steps));
    }
    if (c.kind === 'join_schedules') return Array.from(S.join_schedules(c.parts.map(scheduleOf), c.boundaries)(c.steps));
    if (c.kind === 'linear_warmup') return Array.from(S.linear_warmup(c.steps, c.params));
    if (c.kind === 'plateau') return S.plateau_trace(c.metrics, new S.ReduceLROnPlateau(c.params));
    throw new Error('unknown case kind ' + c.kind);
  };
  return cases.map((c) => {
    try { return {values: one(c)}; } catch (error) { return {error: String(error.message), type: error.name}; }
  });
};
"""


# ---------------------------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(new_guarded_page, static_server):
    """A page of a local server of ``webpanel/src`` with the module imported as ``modules.real``."""
    assert MODULE.is_file(), f"{MODULE} is missing"
    with static_server(MODULE.parent) as base, new_guarded_page() as guard:
        page = guard.open(base)
        page.evaluate(f"() => {{ {HARNESS} }}")
        page.evaluate("([key, url]) => window.loadModule(key, url)", ["real", base + MODULE.name])
        yield page
        assert guard.outside == [] and guard.failed == [] and guard.errors == [], (guard.outside, guard.failed, guard.errors)


def run_js(page, cases: list[dict], key: str = "real") -> list[dict]:
    return page.evaluate("([key, cases]) => window.runCases(key, cases)", [key, cases])


# ---------------------------------------------------------------------------------------------------------------
# Random parameter sets, every option drawn; each returns (params, boundaries) with the steps worth probing
# ---------------------------------------------------------------------------------------------------------------


def log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return float(10 ** rng.uniform(math.log10(low), math.log10(high)))


def pick(rng: np.random.Generator, options: list) -> Any:
    """One of ``options``, its type kept (``rng.choice`` would turn a mixed list into floats)."""
    option = options[int(rng.integers(0, len(options)))]
    return option.item() if isinstance(option, np.generic) else option


def rate(rng: np.random.Generator) -> float:
    return log_uniform(rng, 1e-4, 10.0)


def horizon(rng: np.random.Generator, low: int = 1, high: int = 5000) -> int:
    """A whole number of steps, small ones (1, 2, 3) often, up to ``high``."""
    return int(rng.choice([low, low + 1, low + 2, int(log_uniform(rng, max(low, 1), high))]))


def fraction(rng: np.random.Generator) -> float:
    """A factor in (0, 1]: 1, 0.5, 0.1 or anything."""
    return float(rng.choice([1.0, 0.5, 0.1, rng.uniform(1e-3, 1.0), rng.uniform(0.9, 1.0)]))


def maybe(rng: np.random.Generator, params: dict, key: str, draw: Callable[[], Any]) -> None:
    """Give the optional keyword ``key`` half of the time (else its default applies)."""
    if rng.random() < 0.5:
        params[key] = draw()


def floor_rate(rng: np.random.Generator, top: float) -> float:
    return float(rng.choice([0.0, top, top * rng.uniform(0.0, 1.0), top * 1e-3]))


def multiples(every: float, count: int = 3) -> list[float]:
    return [every * k for k in range(1, count + 1)]


def draw_constant(rng):
    return {"lr0": rate(rng)}, [1.0]


def draw_step_decay(rng):
    size = horizon(rng, 1, 500)
    return {"lr0": rate(rng), "gamma": fraction(rng), "step_size": size}, multiples(size)


def draw_multistep_decay(rng):
    count = int(rng.integers(0, 6))
    marks = sorted(int(m) for m in rng.integers(0, 1000, count))
    if count and rng.random() < 0.3:
        marks.insert(1, marks[0])  # a repeated milestone drops twice
    if rng.random() < 0.2:
        marks.insert(0, 0)
    return {"lr0": rate(rng), "milestones": marks, "gamma": fraction(rng)}, [float(m) for m in marks] or [10.0]


def draw_exponential_decay(rng):
    total = horizon(rng)
    params = {"lr0": rate(rng), "gamma": fraction(rng), "total_steps": total}
    maybe(rng, params, "staircase", lambda: bool(rng.random() < 0.5))
    return params, multiples(total)


def draw_polynomial_decay(rng):
    total = horizon(rng)
    params = {"lr0": rate(rng), "total_steps": total}
    maybe(rng, params, "power", lambda: float(rng.choice([1.0, 2.0, 0.5, 3.0, rng.uniform(0.05, 6.0)])))
    maybe(rng, params, "lr_end", lambda: floor_rate(rng, params["lr0"]))
    return params, [float(total)]


def draw_cosine_annealing(rng):
    total = horizon(rng)
    params = {"lr0": rate(rng), "total_steps": total}
    maybe(rng, params, "lr_min", lambda: floor_rate(rng, params["lr0"]))
    return params, [float(total), total / 2]


def draw_cosine_restarts(rng):
    period = horizon(rng, 1, 300)
    params = {"lr0": rate(rng), "period": period}
    # Binary fractions (every value of chapter 09's slider among them); other values: the test of its own below.
    maybe(rng, params, "period_mult", lambda: pick(
        rng, [1, 2, 3, 1.0, 1.5, 1000.0, int(rng.integers(8, 33)) / 8, int(rng.integers(64, 68)) / 64]))
    maybe(rng, params, "lr_min", lambda: floor_rate(rng, params["lr0"]))
    mult = float(params.get("period_mult", 1))
    starts, start, length = [], 0.0, float(period)
    for _ in range(6):  # where the next cycles start: S(n) = period (1 + m + ... + m^(n-1))
        start += length
        length *= mult
        starts.append(start)
    return params, [s for s in starts if s < 1e7]


def draw_one_cycle(rng):
    total = horizon(rng, 2, 5000)
    while True:
        pct = float(rng.choice([0.3, 0.5, 0.25, rng.uniform(0.01, 0.99)]))
        if pct * total > 1:
            break
        total = max(total * 2, 4)
    params = {"lr_max": rate(rng), "total_steps": total}
    if pct != 0.3 or rng.random() < 0.5:
        params["pct_start"] = pct
    maybe(rng, params, "div_factor", lambda: float(rng.choice([1.0, 25.0, rng.uniform(1.0, 100.0)])))
    maybe(rng, params, "final_div_factor", lambda: float(rng.choice([1.0, 1e4, log_uniform(rng, 1.0, 1e6)])))
    peak = params.get("pct_start", 0.3) * total - 1.0
    return params, [math.floor(peak), math.ceil(peak), peak, total - 1.0, total - 2.0]


def draw_inverse_time_decay(rng):
    steps = horizon(rng, 1, 1000)
    params = {"lr0": rate(rng), "decay_rate": log_uniform(rng, 1e-3, 100.0), "decay_steps": steps}
    maybe(rng, params, "staircase", lambda: bool(rng.random() < 0.5))
    return params, multiples(steps)


def draw_warmup_cosine(rng):
    total = horizon(rng)
    warmup = int(rng.choice([0, total, 1, rng.integers(0, total + 1)]))
    return {"lr0": rate(rng), "total_steps": total, "warmup_steps": warmup}, [float(warmup), float(total)]


def draw_wsd(rng):
    total = horizon(rng)
    warmup = int(rng.choice([0, 1, rng.integers(0, total + 1)]))
    decay = min(int(rng.choice([0, 1, total - warmup, rng.integers(0, total - warmup + 1)])), total - warmup)
    params = {"lr0": rate(rng), "total_steps": total, "warmup_steps": warmup, "decay_steps": decay}
    maybe(rng, params, "decay_shape", lambda: str(rng.choice(["linear", "1-sqrt", "cosine"])))
    maybe(rng, params, "lr_min", lambda: floor_rate(rng, params["lr0"]))
    return params, [float(warmup), float(total - decay), float(total)]


def draw_inverse_sqrt(rng):
    warmup = int(rng.choice([0, 1, horizon(rng, 1, 5000)]))
    params = {"lr0": rate(rng), "warmup_steps": warmup}
    maybe(rng, params, "timescale", lambda: None if rng.random() < 0.3 else log_uniform(rng, 0.5, 2e4))
    timescale = params.get("timescale") or (warmup or 10_000)
    return params, [float(warmup), warmup + 3.0 * timescale]


def draw_cyclic(rng):
    top = rate(rng)
    up = horizon(rng, 1, 200)
    params = {"base_lr": floor_rate(rng, top), "max_lr": top, "step_size_up": up}
    maybe(rng, params, "step_size_down", lambda: None if rng.random() < 0.2 else int(rng.choice([0, 1, up, rng.integers(0, 300)])))
    maybe(rng, params, "mode", lambda: str(rng.choice(["triangular", "triangular2", "exp_range"])))
    maybe(rng, params, "gamma", lambda: float(rng.choice([1.0, 0.99, rng.uniform(0.9, 1.0), rng.uniform(0.01, 1.0)])))
    down = params.get("step_size_down")
    length = float(up + (up if down is None else down))
    return params, multiples(length) + [up + k * length for k in range(3)]


DRAWS: dict[str, Callable] = {
    "constant": draw_constant,
    "step_decay": draw_step_decay,
    "multistep_decay": draw_multistep_decay,
    "exponential_decay": draw_exponential_decay,
    "polynomial_decay": draw_polynomial_decay,
    "cosine_annealing": draw_cosine_annealing,
    "cosine_restarts": draw_cosine_restarts,
    "one_cycle": draw_one_cycle,
    "inverse_time_decay": draw_inverse_time_decay,
    "warmup_cosine": draw_warmup_cosine,
    "wsd": draw_wsd,
    "inverse_sqrt": draw_inverse_sqrt,
    "cyclic": draw_cyclic,
}


def probe_steps(rng: np.random.Generator, total: float, boundaries: list[float]) -> list[float]:
    """0, 1, T-1, T, T+1, 10 T, each boundary and one step either side, random, fractional and huge steps."""
    total = max(float(total), 1.0)
    steps = {0.0, 1.0, 2.0, total - 1, total, total + 1, 10 * total}
    for mark in boundaries:
        steps |= {mark - 1, mark, mark + 1, math.floor(mark) - 1, math.ceil(mark) + 1}
    steps |= set(rng.integers(0, int(2 * total) + 2, 6).astype(float).tolist())
    steps |= set(np.round(rng.uniform(0, 2 * total, 2), 3).tolist())
    steps.add(float(rng.choice([1e6, 123456789.0, 1e15, log_uniform(rng, 1e6, 1e300)])))
    return sorted(s for s in steps if s >= 0 and math.isfinite(s))


def horizon_of(params: dict) -> float:
    for key in ("total_steps", "step_size", "period", "decay_steps", "step_size_up", "warmup_steps"):
        if params.get(key):
            return float(params[key])
    return 100.0


def registry_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for name, draw in DRAWS.items():
        for _ in range(SETS_PER_SCHEDULE):
            params, boundaries = draw(rng)
            steps = probe_steps(rng, horizon_of(params), boundaries)
            function = schedule(name, **params)
            cases.append({"kind": "registry", "group": name, "name": name, "params": params, "steps": steps,
                          "python": function(np.asarray(steps)).tolist(), "function": function})
    return cases


def draw_part(rng: np.random.Generator) -> tuple[dict, list[float]]:
    name = str(rng.choice(list(DRAWS)))
    params, boundaries = DRAWS[name](rng)
    return {"name": name, "params": params}, boundaries


def composed_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for _ in range(SETS_PER_SCHEDULE):  # with_warmup(schedule, warmup_steps, lr0, start_factor)
        base, boundaries = draw_part(rng)
        decay = schedule(base["name"], **base["params"])
        warmup = int(rng.choice([0, 1, horizon(rng, 1, 1000)]))
        factor = float(rng.choice([0.0, 0.1, 1.0, rng.uniform(0.0, 1.0)]))
        lr0 = rate(rng) if decay(0) <= 0 or rng.random() < 0.3 else None
        steps = probe_steps(rng, warmup + horizon_of(base["params"]), [float(warmup)] + [warmup + b for b in boundaries])
        function = with_warmup(decay, warmup, lr0=lr0, start_factor=factor)
        cases.append({"kind": "with_warmup", "group": "with_warmup", "base": base, "warmup_steps": warmup, "lr0": lr0,
                      "start_factor": factor, "steps": steps, "python": function(np.asarray(steps)).tolist(),
                      "function": function})
    for _ in range(SETS_PER_SCHEDULE):  # join_schedules(schedules, boundaries)
        parts = [draw_part(rng)[0] for _ in range(int(rng.integers(1, 4)))]
        marks = sorted({int(m) for m in rng.integers(0, 2000, len(parts) - 1)})
        parts = parts[: len(marks) + 1]
        steps = probe_steps(rng, (marks or [100])[-1], [float(m) for m in marks])
        joined = join_schedules([schedule(p["name"], **p["params"]) for p in parts], marks)
        cases.append({"kind": "join_schedules", "group": "join_schedules", "parts": parts, "boundaries": marks,
                      "steps": steps, "python": joined(np.asarray(steps)).tolist(), "function": joined})
    for _ in range(SETS_PER_SCHEDULE):  # linear_warmup(t, lr0, warmup_steps, start_factor)
        params = {"lr0": rate(rng), "warmup_steps": horizon(rng, 1, 2000)}
        maybe(rng, params, "start_factor", lambda: float(rng.choice([0.0, 1.0, 0.25, rng.uniform(0.0, 1.0)])))
        steps = probe_steps(rng, params["warmup_steps"], [])
        cases.append({"kind": "linear_warmup", "group": "linear_warmup", "params": params, "steps": steps,
                      "python": linear_warmup(np.asarray(steps), **params).tolist(),
                      "function": lambda t, params=params: linear_warmup(t, **params)})
    return cases


def plateau_cases(rng: np.random.Generator) -> list[dict]:
    cases = []
    for _ in range(PLATEAU_SEQUENCES):
        params = {"lr0": rate(rng)}
        maybe(rng, params, "mode", lambda: str(rng.choice(["min", "max"])))
        maybe(rng, params, "factor", lambda: float(rng.choice([0.1, 0.5, rng.uniform(0.01, 0.99)])))
        maybe(rng, params, "patience", lambda: int(rng.integers(0, 6)))
        maybe(rng, params, "threshold", lambda: float(rng.choice([0.0, 1e-4, 0.01, rng.uniform(0, 0.2)])))
        maybe(rng, params, "threshold_mode", lambda: str(rng.choice(["rel", "abs"])))
        maybe(rng, params, "cooldown", lambda: int(rng.integers(0, 4)))
        maybe(rng, params, "min_lr", lambda: floor_rate(rng, params["lr0"]))
        maybe(rng, params, "eps", lambda: float(rng.choice([0.0, 1e-8, params["lr0"] * 0.3])))
        length = int(rng.integers(1, 60))
        # A noisy descent with flat stretches and repeated values; negative metrics sometimes (the sign quirk).
        moves = np.where(rng.random(length) < 0.4, 0.0, rng.normal(-0.01, 0.03, length))
        walk = np.cumsum(moves) + float(rng.choice([1.0, -0.5, 3.0]))
        metrics = np.round(walk, int(rng.choice([2, 6, 12]))).tolist()
        rows = plateau_trace(metrics, ReduceLROnPlateau(**params))
        cases.append({"kind": "plateau", "group": "plateau_trace", "params": params, "metrics": metrics,
                      "python": [row.__dict__ for row in rows]})
    return cases


# ---------------------------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """How one parameter set compared: its largest relative difference and the first failure."""

    worst: float
    problem: str | None


def relative(js: np.ndarray, py: np.ndarray) -> np.ndarray:
    """``|js - py| / |py|``; where ``py`` is 0, 0 if ``js`` is 0 too and infinite otherwise."""
    zero = py == 0
    rel = np.where(zero & (js != 0), math.inf, 0.0)
    rel[~zero] = np.abs(js[~zero] - py[~zero]) / np.abs(py[~zero])
    return np.where(np.isfinite(js), rel, math.inf)


def mismatch(case: dict, answer: dict) -> Outcome:
    """How JavaScript's answer for one case compares with Python's."""
    if "error" in answer:
        return Outcome(math.inf, f"JavaScript threw {answer['type']}: {answer['error']}")
    if case["kind"] == "plateau":
        if len(answer["values"]) != len(case["python"]):
            return Outcome(math.inf, "row count differs")
        for want, got in zip(case["python"], answer["values"]):
            if want != got:
                return Outcome(math.inf, f"row {want['step']}: Python {want}, JavaScript {got}")
        return Outcome(0.0, None)
    js = np.asarray(answer["values"], dtype=float)
    if js.shape != (len(case["steps"]),):
        return Outcome(math.inf, f"{js.shape[0]} values for {len(case['steps'])} steps")
    py = np.asarray(case["python"], dtype=float)
    steps = np.asarray(case["steps"])
    rel = relative(js, py)
    worst = float(rel.max(initial=0.0))
    if worst > TOLERANCE:
        i = int(np.argmax(rel))
        return Outcome(worst, f"at step {steps[i]}: Python {py[i]!r}, JavaScript {js[i]!r} (relative {worst:.3g})")
    # Neighbouring whole steps: where Python's rate moves, JavaScript's moves the same way.
    pairs = np.flatnonzero(np.diff(steps) == 1)
    moved = np.sign(np.diff(py))[pairs]
    visibly = np.abs(np.diff(py))[pairs] > TOLERANCE * np.maximum(np.abs(py[pairs]), np.abs(py[pairs + 1]))
    differs = visibly & (np.sign(np.diff(js))[pairs] != moved)
    if np.any(differs):
        i = int(pairs[np.flatnonzero(differs)[0]])
        return Outcome(worst, f"steps {steps[i]} -> {steps[i + 1]}: Python {py[i]!r} -> {py[i + 1]!r}, "
                              f"JavaScript {js[i]!r} -> {js[i + 1]!r}")
    return Outcome(worst, None)


def compare(cases: list[dict], answers: list[dict]) -> tuple[dict[str, float], list[str]]:
    """Largest relative difference per group, and the failures."""
    worst: dict[str, float] = {}
    failures = []
    for case, answer in zip(cases, answers):
        outcome = mismatch(case, answer)
        worst[case["group"]] = max(worst.get(case["group"], 0.0), outcome.worst)
        if outcome.problem:
            failures.append(f"{case['group']} {case.get('params') or case.get('base') or case.get('parts')}: "
                            f"{outcome.problem}")
    return worst, failures


def json_safe(cases: list[dict]) -> list[dict]:
    """The cases without Python's side (the page needs only the inputs)."""
    return [{k: v for k, v in case.items() if k not in ("python", "function")} for case in cases]


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    rng = np.random.default_rng(SEED)
    return registry_cases(rng) + composed_cases(rng) + plateau_cases(rng)


# ---------------------------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------------------------


def test_same_registry_names_keywords_and_defaults(page):
    names = page.evaluate("() => Object.keys(window.modules.real.REGISTRY)")
    assert names == list(REGISTRY)
    parameters = page.evaluate("() => window.modules.real.PARAMETERS")
    for name, entry in REGISTRY.items():
        signature = inspect.signature(entry.function)
        want = [{"name": p.name, "required": p.default is inspect.Parameter.empty,
                 **({} if p.default is inspect.Parameter.empty else {"default": p.default})}
                for p in signature.parameters.values() if p.name != "t"]
        got = [{k: v for k, v in p.items() if not (k == "default" and p["required"])} for p in parameters[name]]
        assert got == want, name
    plateau = inspect.signature(ReduceLROnPlateau.__init__).parameters
    want = [{"name": p.name, "required": p.default is inspect.Parameter.empty,
             **({} if p.default is inspect.Parameter.empty else {"default": p.default})}
            for p in plateau.values() if p.name != "self"]
    got = [{k: v for k, v in p.items() if not (k == "default" and p["required"])}
           for p in page.evaluate("() => window.modules.real.PLATEAU_PARAMETERS")]
    assert got == want


def test_every_schedule_equals_python_to_1e12(page, cases):
    start = time.perf_counter()
    answers = run_js(page, json_safe(cases))
    worst, failures = compare(cases, answers)
    points = sum(len(c["steps"]) if "steps" in c else len(c["metrics"]) for c in cases)
    print(f"\n{len(cases)} parameter sets, {points} points compared in {time.perf_counter() - start:.2f} s; "
          "largest relative difference per schedule:")
    for group, rel in worst.items():
        print(f"  {group:20s} {rel:.3g}")
    assert not failures, f"{len(failures)} of {len(cases)} sets differ, e.g.\n" + "\n".join(failures[:10])
    assert set(worst) == set(REGISTRY) | {"with_warmup", "join_schedules", "linear_warmup", "plateau_trace"}


# ---- cosine_restarts with a period_mult that is not a binary fraction -------------------------------------------

OTHER_MULTS = [m for m in np.round(np.arange(1.05, 3.0, 0.05), 2).tolist() if (m * 8) % 1]  # 1.05, 1.1, 1.15, 1.2, ...
RESTART_PERIODS = [1, 2, 5, 10, 50]
RESTART_STEPS = 1000
EPS = np.finfo(float).eps


def test_cosine_restarts_with_other_period_mults_within_one_unit_of_its_power(page):
    """Cycle n starts at S(n) = T0 (m^n - 1) / (m - 1): one unit in the last place of m^n (by which NumPy's
    vectorised power, JavaScript's and C's differ) moves S(n) by about eps T0 m^n / (m - 1), so for m = 1.1 the
    value near the end of a long cycle is only determined to about 1e-11 relative, and a step that close to S(n)
    can fall on either side of the restart (NumPy itself puts step 13 of T0 = 5, m = 1.6 after the restart for an
    array of steps and before it for the single step). JavaScript agrees with Python to that resolution, at
    every whole step from 0 to 1000 of every (m, T0), and to 1e-12 relative wherever the formula is better
    conditioned than that; the steps that close to a restart are counted, and few."""
    steps = np.arange(RESTART_STEPS + 1, dtype=float)
    grids = [(m, period) for m in OTHER_MULTS for period in RESTART_PERIODS]
    cases = [{"kind": "registry", "name": "cosine_restarts", "params": {"lr0": 1.0, "period": period, "period_mult": m},
              "steps": steps.tolist()} for m, period in grids]
    answers = run_js(page, cases)
    beyond, ambiguous, flipped, worst, problems = 0, 0, 0, 0.0, []
    for (m, period), answer in zip(grids, answers):
        assert "values" in answer, answer
        js = np.asarray(answer["values"])
        py = REGISTRY["cosine_restarts"].function(steps, lr0=1.0, period=period, period_mult=m)
        starts = period * (m ** np.arange(0.0, 400.0) - 1.0) / (m - 1.0)  # past step 1000 for every m
        cycle = np.searchsorted(starts, steps, side="right") - 1
        length = period * m ** cycle.astype(float)
        resolution = 4 * EPS * length / (m - 1.0) + EPS * steps  # where S(n) can be, and t - S(n) with it
        near = (np.abs(steps - starts[cycle]) <= resolution) | (np.abs(steps - starts[cycle + 1]) <= resolution)
        allowed = TOLERANCE * np.abs(py) + (math.pi / 2) * resolution / length + 8 * EPS
        rel = relative(js, py)
        worst = max(worst, float(rel[~near].max()))
        beyond += int(np.sum(rel[~near] > TOLERANCE))
        ambiguous += int(near.sum())
        flipped += int(np.sum(near & (rel > TOLERANCE)))
        bad = ~near & (np.abs(js - py) > allowed)
        if np.any(bad):
            i = int(np.flatnonzero(bad)[0])
            problems.append(f"m={m}, period={period}, step {steps[i]:g}: Python {py[i]!r}, JavaScript {js[i]!r}")
    total = len(grids) * steps.size
    print(f"\n{len(grids)} (period_mult, period) pairs, {total} steps: {beyond} beyond 1e-12 relative (largest "
          f"{worst:.3g}), all within one unit of m**n; {ambiguous} within that of a restart, {flipped} of them "
          "on the other side of it")
    assert not problems, "\n".join(problems[:10])
    assert ambiguous <= 1e-2 * total and flipped <= 1e-4 * total  # few steps are let off


# ---- Invalid parameters: JavaScript throws iff Python raises, with the same message ----------------------------

BAD_REAL = [0.0, -0.5, math.nan, math.inf, -math.inf, "0.1", True, None, [0.1]]
BAD_UNIT = [0.0, 1.5, -0.1, 1.0000001, math.nan, "0.5"]
BAD_MULT = [0.5, 0.999, -1.0, math.inf, None]
BAD_COUNT = [0, -3, 2.5, 1e-9, math.nan, "10", True, None]
BAD_COUNT0 = [-1, 1.5, -0.5, math.inf, "0"]
BAD_BOOL = [1, 0, "yes", None]
BAD_CHOICE = ["Linear", "foo", "", 3, None]
BAD_MILESTONES = [[3, 2], [-1, 5], "30,80", [1.5, math.nan], [10, "20"], 30, [0, 0, -2], None]
BAD_STEPS = [[0.0, -1.0, 2.0], [0.0, math.nan], [math.inf], [-0.5]]

KINDS = {
    "lr0": BAD_REAL, "lr_max": BAD_REAL, "max_lr": BAD_REAL, "decay_rate": BAD_REAL, "power": BAD_REAL,
    "timescale": [0.0, -2.0, math.inf, "1"],
    "gamma": BAD_UNIT, "pct_start": [0.0, 1.0, -0.3, 1.2, math.nan],
    "period_mult": BAD_MULT, "div_factor": BAD_MULT, "final_div_factor": BAD_MULT,
    "step_size": BAD_COUNT, "total_steps": BAD_COUNT, "decay_steps": BAD_COUNT, "period": BAD_COUNT,
    "step_size_up": BAD_COUNT, "warmup_steps": BAD_COUNT0, "step_size_down": BAD_COUNT0,
    "staircase": BAD_BOOL, "mode": BAD_CHOICE, "decay_shape": BAD_CHOICE + ["sqrt"],
    "milestones": BAD_MILESTONES,
}
FLOORS = {"lr_end": "lr0", "lr_min": "lr0", "base_lr": "max_lr"}


def corrupt(rng: np.random.Generator, name: str, params: dict) -> tuple[dict, list]:
    """A copy of ``params`` with one thing wrong (or a combination that is), and the steps to ask for."""
    params = dict(params)
    keywords = [p for p in inspect.signature(REGISTRY[name].function).parameters if p != "t"]
    what = rng.integers(0, 10)
    if what == 0:
        return params, BAD_STEPS[int(rng.integers(0, len(BAD_STEPS)))]
    if what == 1:
        params["warmup" if rng.random() < 0.5 else "lr"] = 0.1  # an unknown keyword
        return params, [0.0, 1.0]
    if what == 2:
        params.pop(keywords[0])  # a required keyword missing
        return params, [0.0, 1.0]
    key = keywords[int(rng.integers(0, len(keywords)))]
    if key in FLOORS:
        top = params[FLOORS[key]]
        params[key] = float(rng.choice([-0.1, top * 2 + 0.1, top * (1 + 1e-9), math.nan]))
    elif key in KINDS:
        bad = KINDS[key]
        params[key] = bad[int(rng.integers(0, len(bad)))]
    if name == "wsd" and rng.random() < 0.3:  # warm-up and cooldown longer than the run
        params.update(warmup_steps=params["total_steps"], decay_steps=1)
    if name == "warmup_cosine" and rng.random() < 0.3:
        params["warmup_steps"] = params["total_steps"] + 1
    if name == "one_cycle" and rng.random() < 0.3:
        params.update(total_steps=3, pct_start=0.3)  # pct_start * total_steps <= 1
    return params, [0.0, 1.0, 5.0]


def python_outcome(name: str, params: dict, steps: list) -> str | None:
    try:
        schedule(name, **params)(np.asarray(steps, dtype=float))
    except InvalidParameterError as error:
        return str(error)
    return None


def test_invalid_parameters_raise_the_python_message(page):
    rng = np.random.default_rng(SEED + 1)
    cases, messages = [], []
    for name, draw in DRAWS.items():
        for _ in range(INVALID_PER_SCHEDULE):
            params, steps = corrupt(rng, name, draw(rng)[0])
            cases.append({"kind": "registry", "name": name, "params": params, "steps": steps})
            messages.append(python_outcome(name, params, steps))
    answers = run_js(page, cases)
    raised = sum(m is not None for m in messages)
    print(f"\n{len(cases)} corrupted parameter sets, {raised} refused by Python")
    assert raised >= 0.8 * len(cases)  # the draw does make bad sets
    problems = []
    for case, message, answer in zip(cases, messages, answers):
        got = answer.get("error") if answer.get("type") == "InvalidParameterError" else None
        if got != message:
            problems.append(f"{case['name']} {case['params']} t={case['steps']}:\n  Python: {message}\n  JS:     "
                            f"{answer.get('error', 'no error')}")
    assert not problems, f"{len(problems)} differ:\n" + "\n".join(problems[:8])


def test_composition_and_plateau_refuse_what_python_refuses(page):
    checks = [
        ("() => modules.real.with_warmup(modules.real.schedule('constant', {lr0: 0.1}), -1)",
         lambda: with_warmup(schedule("constant", lr0=0.1), -1)),
        ("() => modules.real.with_warmup(modules.real.schedule('constant', {lr0: 0.1}), 5, null, 1.5)",
         lambda: with_warmup(schedule("constant", lr0=0.1), 5, start_factor=1.5)),
        ("() => modules.real.with_warmup(modules.real.schedule('constant', {lr0: 0.1}), 5, -0.5)",
         lambda: with_warmup(schedule("constant", lr0=0.1), 5, lr0=-0.5)),
        ("() => modules.real.with_warmup(modules.real.schedule('wsd', {lr0: 0.1, total_steps: 100, warmup_steps: 10, "
         "decay_steps: 10}), 5)",  # climbs to schedule(0) = 0
         lambda: with_warmup(schedule("wsd", lr0=0.1, total_steps=100, warmup_steps=10, decay_steps=10), 5)),
        ("() => modules.real.join_schedules([modules.real.schedule('constant', {lr0: 0.1})], [5])",
         lambda: join_schedules([schedule("constant", lr0=0.1)], [5])),
        ("() => modules.real.join_schedules([modules.real.schedule('constant', {lr0: 0.1}), "
         "modules.real.schedule('constant', {lr0: 0.2}), modules.real.schedule('constant', {lr0: 0.3})], [5, 5])",
         lambda: join_schedules([schedule("constant", lr0=0.1), schedule("constant", lr0=0.2),
                                 schedule("constant", lr0=0.3)], [5, 5])),
        ("() => modules.real.linear_warmup([0, 1], {lr0: 0.1, warmup_steps: 0})",
         lambda: linear_warmup([0, 1], lr0=0.1, warmup_steps=0)),
        ("() => new modules.real.ReduceLROnPlateau({lr0: 0.1, factor: 1.0})",
         lambda: ReduceLROnPlateau(0.1, factor=1.0)),
        ("() => new modules.real.ReduceLROnPlateau({lr0: 0.1, mode: 'minimum'})",
         lambda: ReduceLROnPlateau(0.1, mode="minimum")),
        ("() => new modules.real.ReduceLROnPlateau({lr0: 0.1, min_lr: 0.2})",
         lambda: ReduceLROnPlateau(0.1, min_lr=0.2)),
        ("() => new modules.real.ReduceLROnPlateau({lr0: 0.1, patience: -1})",
         lambda: ReduceLROnPlateau(0.1, patience=-1)),
        ("() => modules.real.plateau_trace([1.0, NaN], new modules.real.ReduceLROnPlateau({lr0: 0.1}))",
         lambda: plateau_trace([1.0, math.nan], ReduceLROnPlateau(0.1))),
    ]
    for script, python in checks:
        with pytest.raises(InvalidParameterError) as raised:
            python()
        got = page.evaluate(f"() => {{ try {{ ({script})(); return null; }} catch (e) {{ return e.message; }} }}")
        assert got == str(raised.value), script


# ---- The comparison catches a wrong formula -------------------------------------------------------------------

# (group, the text in schedules.js, an off-by-one variant of it)
VARIANTS = [
    ("step_decay", "Math.pow(gamma, Math.floor(t / step_size))", "Math.pow(gamma, Math.floor((t + 1) / step_size))"),
    ("multistep_decay", "marks[drops] <= t", "marks[drops] < t"),
    ("exponential_decay", "if (staircase) exponent = Math.floor(exponent);", "if (staircase) exponent = Math.round(exponent);"),
    ("polynomial_decay", "1.0 - Math.min(t, total_steps) / total_steps", "1.0 - Math.min(t + 1, total_steps) / total_steps"),
    ("cosine_annealing", "const fraction = Math.min(t, total_steps) / total_steps;",
     "const fraction = Math.min(t, total_steps - 1) / total_steps;"),
    ("cosine_restarts", "lengths.set(n, period * powWhole(m, n))", "lengths.set(n, period * powWhole(m, n + 1))"),
    ("cosine_restarts", "(t) => [mod(t, period), period]", "(t) => [mod(t + 1, period), period]"),
    ("one_cycle", "const lastStep = total_steps - 1.0;", "const lastStep = total_steps;"),
    ("inverse_time_decay", "if (staircase) progress = Math.floor(progress);", "if (staircase) progress = Math.ceil(progress);"),
    ("warmup_cosine", "/ Math.max(1, total_steps - warmup_steps);", "/ Math.max(1, total_steps - warmup_steps + 1);"),
    ("wsd", "clip(t - decayStart, 0.0,", "clip(t - decayStart + 1, 0.0,"),
    ("inverse_sqrt", "Math.max(t - warmup_steps, 0.0)", "Math.max(t - warmup_steps + 1, 0.0)"),
    ("cyclic", "Math.pow(0.5, cycle - 1.0)", "Math.pow(0.5, cycle)"),
    ("with_warmup", "(i) => steps[i] - starts[index])", "(i) => steps[i] - starts[index] + 1)"),
    ("linear_warmup", "(1.0 - start_factor) * Math.min(step, warmup_steps) / warmup_steps",
     "(1.0 - start_factor) * Math.min(step + 1, warmup_steps) / warmup_steps"),
    ("plateau_trace", "if (this.num_bad_steps > this.patience)", "if (this.num_bad_steps >= this.patience)"),
]


def test_an_off_by_one_variant_is_caught(page, cases):
    source = MODULE.read_text(encoding="utf-8")
    for index, (group, text, variant) in enumerate(VARIANTS):
        assert source.count(text) == 1, f"{text!r} should occur once in {MODULE.name}"
        page.evaluate("([key, source]) => window.loadVariant(key, source)", [f"v{index}", source.replace(text, variant)])
        chosen = [c for c in cases if c["group"] == group]
        _, failures = compare(chosen, run_js(page, json_safe(chosen), key=f"v{index}"))
        assert failures, f"the variant {variant!r} of {group} went unnoticed"
        assert not any("JavaScript threw" in failure for failure in failures[:1]), failures[0]  # a wrong value
        print(f"{variant!r}: {len(failures)} of {len(chosen)} {group} sets caught, e.g. {failures[0][-110:]}")
