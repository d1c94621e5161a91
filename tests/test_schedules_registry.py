"""The schedule registry (`schedules.registry`) and the `Schedule` value (`schedules.schedule`)."""

from __future__ import annotations

import importlib.util
import pickle
import re
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest

from lrdecay_lessons import frameworks as F
from lrdecay_lessons import schedules
from lrdecay_lessons.chapters.catalog import ARTICLE_SCHEDULES, schedule_colour
from lrdecay_lessons.chapters.course import CHAPTERS
from lrdecay_lessons.display import PALETTE
from lrdecay_lessons.schedules import REGISTRY, InvalidParameterError, Schedule, ScheduleEntry, constant, schedule
from lrdecay_lessons.training import schedule_label

HERE = Path(__file__).parent
#: One valid setting per schedule, with a step and the rate the formula gives there (worked by hand).
WORKED = {
    "constant": ({"lr0": 0.1}, 7, 0.1),
    "step_decay": ({"lr0": 0.1, "gamma": 0.5, "step_size": 100}, 250, 0.025),
    "exponential_decay": ({"lr0": 0.1, "gamma": 0.01, "total_steps": 1000}, 500, 0.01),
    "polynomial_decay": ({"lr0": 0.1, "total_steps": 1000, "power": 2.0}, 500, 0.025),
    "cosine_annealing": ({"lr0": 0.1, "total_steps": 1000}, 500, 0.05),
    "multistep_decay": ({"lr0": 0.1, "milestones": [10, 20], "gamma": 0.1}, 20, 0.001),
    "warmup_cosine": ({"lr0": 0.1, "total_steps": 110, "warmup_steps": 10}, 5, 0.05),
    "cosine_restarts": ({"lr0": 0.1, "period": 100}, 150, 0.05),
    "one_cycle": ({"lr_max": 0.1, "total_steps": 100}, 29, 0.1),
    "cyclic": ({"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 10}, 10, 0.1),
    "inverse_time_decay": ({"lr0": 0.1, "decay_rate": 1.0, "decay_steps": 10}, 10, 0.05),
    "wsd": ({"lr0": 0.1, "total_steps": 100, "warmup_steps": 0, "decay_steps": 20}, 90, 0.05),
    "inverse_sqrt": ({"lr0": 0.1, "warmup_steps": 100}, 400, 0.05),
}


def _load(name: str):
    """A fresh copy of a test module of this folder, so its tables are built from today's registry."""
    spec = importlib.util.spec_from_file_location(f"_fresh_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the registry --------------------------------------------------------------------------


def test_every_entry_is_complete_and_points_where_it_says():
    chapters = {chapter.notebook for chapter in CHAPTERS}
    assert set(WORKED) == set(REGISTRY)
    for name, entry in REGISTRY.items():
        assert entry.name == name and entry.english and entry.chinese
        assert entry.chapter in chapters, name
        assert entry.colour in PALETTE, name
        if name != "constant":
            assert getattr(schedules, entry.function.__name__) is entry.function
            assert entry.function.__name__ in schedules.__all__
    assert len({entry.colour for entry in REGISTRY.values()}) == len(REGISTRY), "one colour per schedule"


def test_the_registry_is_read_only():
    with pytest.raises(TypeError):
        REGISTRY["new"] = REGISTRY["constant"]


def test_the_article_schedules_take_name_titles_formula_and_colour_from_the_registry():
    for name, info in ARTICLE_SCHEDULES.items():
        entry = REGISTRY[name]
        assert (info.english, info.chinese, info.function) == (entry.english, entry.chinese, entry.function)
        assert info.colour == PALETTE[entry.colour] == schedule_colour(name)


def test_the_per_schedule_tables_follow_the_registry():
    assert set(_load("test_schedules_errors").VALID) == set(REGISTRY)
    assert set(_load("test_schedules_properties").PARAMS) == set(REGISTRY)
    # The constant rate is every framework's default (no scheduler), so it has no row and no recording.
    assert set(F.COURSE_SCHEDULES) == set(REGISTRY) - {"constant"} | {"plateau_schedule", "with_warmup",
                                                                      "join_schedules"}


def test_a_schedule_added_to_the_registry_is_picked_up_by_the_per_schedule_tests(monkeypatch):
    def halving(t, lr0):
        return lr0 * 0.5 ** np.asarray(t, dtype=float)

    grown = MappingProxyType({**REGISTRY, "halving": ScheduleEntry("halving", halving, "Halving", "减半",
                                                                   "02_step_decay.ipynb", "grey")})
    monkeypatch.setattr(schedules, "REGISTRY", grown)
    # Each per-schedule test file fails for the new schedule until it has its data there: when its
    # tables are built (a KeyError naming it) or in its coverage test (an AssertionError).
    for module_name, coverage_test in (
        ("test_schedules_errors", "test_valid_table_covers_every_schedule_and_parameter"),
        ("test_schedules_properties", "test_every_schedule_has_a_strategy"),
        ("test_schedules_framework_agreement", "test_the_data_covers_every_schedule_and_framework"),
    ):
        with pytest.raises((KeyError, AssertionError)) as caught:
            getattr(_load(module_name), coverage_test)()
        assert caught.type is AssertionError or "halving" in str(caught.value), module_name
    monkeypatch.undo()
    for module_name in ("test_schedules_errors", "test_schedules_properties"):
        assert "halving" not in _load(module_name).ALL


# --- the value ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(REGISTRY))
def test_a_schedule_value_gives_its_formula_at_a_step_and_on_an_array(name):
    params, step, expected = WORKED[name]
    made = schedule(name, **params)
    assert made.name == name and dict(made.params) == params
    assert made(step) == pytest.approx(expected, rel=1e-12)
    steps = np.arange(0, 3 * step + 1)
    np.testing.assert_array_equal(made(steps), REGISTRY[name].function(steps, **params))
    assert isinstance(made(step), float)


def test_the_repr_reads_like_the_call():
    assert repr(schedule("cosine_annealing", lr0=0.1, total_steps=1000)) == "cosine_annealing(lr0=0.1, total_steps=1000)"
    assert repr(schedule("multistep_decay", lr0=0.1, milestones=[10, 20], gamma=0.1)) == \
        "multistep_decay(lr0=0.1, milestones=[10, 20], gamma=0.1)"
    assert repr(constant(0.05)) == "constant(lr0=0.05)" == schedule_label(constant(0.05))
    warm = schedules.with_warmup(schedule("cosine_annealing", lr0=1.0, total_steps=90), 10)
    assert repr(warm) == ("join_schedules([linear_warmup(lr0=1, warmup_steps=10), "
                          "cosine_annealing(lr0=1, total_steps=90)], boundaries=[10])")
    assert schedule_label(warm) == repr(warm)
    assert schedule_label(lambda t: 0.1) == "<lambda>"


def test_the_repr_shows_numpy_numbers_as_a_reader_writes_them():
    made = schedule("multistep_decay", lr0=np.float64(0.1), milestones=np.array([10, 20]), gamma=np.float32(0.5))
    assert repr(made) == "multistep_decay(lr0=0.1, milestones=[10, 20], gamma=0.5)"
    assert repr(schedule("step_decay", lr0=0.1, gamma=0.5, step_size=np.int64(100))) == \
        "step_decay(lr0=0.1, gamma=0.5, step_size=100)"
    assert repr(schedule("exponential_decay", lr0=0.1, gamma=0.5, total_steps=10, staircase=np.True_)) == \
        "exponential_decay(lr0=0.1, gamma=0.5, total_steps=10, staircase=True)"


def test_a_value_made_directly_is_checked_like_one_made_by_name():
    assert Schedule("cosine_annealing", {"lr0": 0.1, "total_steps": 10}) == \
        schedule("cosine_annealing", lr0=0.1, total_steps=10)
    with pytest.raises(InvalidParameterError, match="total_steps must be"):
        Schedule("cosine_annealing", {"lr0": 0.1, "total_steps": -1})
    with pytest.raises(InvalidParameterError, match="params must map cosine_annealing's keywords"):
        Schedule("cosine_annealing", [("lr0", 0.1)])


def test_values_are_immutable_equal_by_content_and_survive_pickling():
    made = schedule("step_decay", lr0=0.1, gamma=0.5, step_size=100)
    with pytest.raises(AttributeError, match="immutable"):
        made.params = {}
    with pytest.raises(TypeError):
        made.params["lr0"] = 1.0
    assert made == schedule("step_decay", lr0=0.1, gamma=0.5, step_size=100)
    assert made != schedule("step_decay", lr0=0.1, gamma=0.1, step_size=100)
    assert hash(made) == hash(schedule("step_decay", lr0=0.1, gamma=0.5, step_size=100))
    assert pickle.loads(pickle.dumps(made)) == made
    changed = made.replace(gamma=0.1)
    assert changed.params["gamma"] == 0.1 and made.params["gamma"] == 0.5


def test_a_constant_is_the_same_rate_everywhere_and_joins_like_any_schedule():
    rate = constant(0.02)
    np.testing.assert_array_equal(rate(np.arange(5)), np.full(5, 0.02))
    joined = schedules.join_schedules([rate, schedule("step_decay", lr0=0.1, gamma=0.5, step_size=10)], [5])
    np.testing.assert_allclose(joined([0, 4, 5, 15]), [0.02, 0.02, 0.1, 0.05])


@pytest.mark.parametrize("call, fragments", [
    (lambda: schedule("cosine", lr0=0.1), ["name must be one of", "'cosine_annealing'", "got name='cosine'"]),
    (lambda: schedule("cosine_annealing", lr=0.1, total_steps=10),
     ["cosine_annealing takes the parameters lr0, total_steps, lr_min", "got lr=0.1"]),
    (lambda: schedule("cosine_annealing", lr0=0.1), ["cosine_annealing needs total_steps"]),
    (lambda: schedule("cosine_annealing", lr0=-0.1, total_steps=10), ["lr0 must be > 0", "got lr0=-0.1"]),
    (lambda: constant("0.1"), ["lr0 must be a real number", "got lr0='0.1'"]),
    (lambda: schedule("step_decay", lr0=0.1, gamma=0.5, step_size=0), ["step_size", "got step_size=0"]),
])
def test_a_bad_schedule_is_refused_when_made_with_one_error_type(call, fragments):
    with pytest.raises(InvalidParameterError, match=".*".join(re.escape(f) for f in fragments)) as caught:
        call()
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, TypeError)


def test_schedule_values_are_what_the_sweeps_take():
    from lrdecay_lessons.training import MLP, SGD, teacher_student_digits, train_many, tuned_sweep

    lab = teacher_student_digits()
    net = MLP(hidden=(8,))
    sweep = tuned_sweep(lab, net, SGD(), {"cosine": lambda peak, T: schedule("cosine_annealing", lr0=peak, total_steps=T),
                                          "constant": lambda peak, T: constant(peak)},
                        peaks=(0.05,), seeds=(0,), steps=20)
    direct = train_many(lab, net, SGD(), np.array([schedules.cosine_annealing(np.arange(20), 0.05, 20),
                                                   np.full(20, 0.05)]), [0, 0], 32, 10)
    np.testing.assert_array_equal(sweep.final_excess["cosine"][0], direct.final_excess[:1])
    np.testing.assert_array_equal(sweep.final_excess["constant"][0], direct.final_excess[1:])


def test_no_code_takes_a_partial_apart():
    """No ``partial``'s ``.func``/``.keywords`` read anywhere (an ``ast.Call`` named ``node`` has them too)."""
    package = HERE.parent / "lrdecay_lessons"
    offenders = [str(p.relative_to(package)) for p in package.rglob("*.py")
                 if re.search(r"(?<!node)\.keywords\b|isinstance\([^)]*partial\)|(?<!node)\.func\b", p.read_text())]
    assert offenders == []
