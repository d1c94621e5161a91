"""``frameworks/recorded.py``: the recorded framework values, as the chapters read them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrdecay_lessons import schedules
from lrdecay_lessons.frameworks import recorded, recorded_case, recorded_cases


def test_pytorch_cosine_rises_again_past_t_max():
    case = recorded_case("pytorch", "cosine_annealing", total_steps=10, lr_min=0.0)
    assert case.call.startswith("CosineAnnealingLR")
    assert case.compare_up_to == 10
    assert case.version.startswith("torch 2.13")
    # PyTorch follows η0 (1 + cos(π t / T)) / 2 on past T: back at η0 at t = 2T
    expected = 0.1 * (1 + np.cos(np.pi * case.steps / 10)) / 2
    np.testing.assert_allclose(case.values, expected, atol=1e-12)
    ours = schedules.cosine_annealing(case.steps, **case.kwargs)
    assert np.all(ours[case.steps > 10] == 0.0)


def test_filters_and_the_floor_variant():
    keras = recorded_cases("keras", "polynomial_decay")
    assert keras and all(c.framework == "keras" and c.schedule == "polynomial_decay" for c in keras)
    case = recorded_case("pytorch", "cosine_annealing", lr_min=0.01)
    assert math.isclose(case.values[20], 0.1, rel_tol=1e-9)


def test_an_unknown_run_lists_the_recorded_ones():
    with pytest.raises(ValueError, match=r"keyword arguments must match a recorded pytorch run of cosine_annealing.*T_max=10"):
        recorded_case("pytorch", "cosine_annealing", total_steps=7)


# --- the data files are package data, read only through lrdecay_lessons.frameworks.recorded -----------------


def test_every_data_file_is_package_data_and_readable():
    from importlib import resources

    shipped = sorted(p.name for p in (resources.files("lrdecay_lessons.frameworks") / "data").iterdir()
                     if p.name.endswith(".json"))
    assert shipped == sorted(recorded.DATA_FILES)
    for name in recorded.DATA_FILES:
        data = recorded.load_data(name)
        assert "generated_with" in data and (data.get("cases") or data.get("cheatsheet") or data.get("boxes")), name
    # A fresh copy each time: a caller cannot change what the next one reads.
    first = recorded.load_data("plateau_values.json")
    first["cases"].clear()
    assert recorded.load_data("plateau_values.json")["cases"]
    with pytest.raises(ValueError, match="name must be one of"):
        recorded.load_data("tests/data/framework_values.json")


def test_pyproject_declares_the_data_files():
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(recorded.__file__).resolve().parents[2] / "pyproject.toml").read_text())
    assert "data/*.json" in pyproject["tool"]["setuptools"]["package-data"]["lrdecay_lessons.frameworks"]


def test_chapter_09_views_use_the_same_readers():
    from lrdecay_lessons.chapters import ch12_frameworks

    for name in ("DATA_FILES", "RecordedRun", "load_data", "recorded_run"):
        assert getattr(ch12_frameworks, name) is getattr(recorded, name)
    assert not hasattr(ch12_frameworks, "DATA_DIR")


def test_versions_and_runs_come_from_the_files():
    assert recorded.version_of("torch") == recorded.load_data("composition_values.json")["generated_with"]["torch"]
    run = recorded.recorded_run("cosine_annealing", "keras", {"lr0": 0.1, "total_steps": 20, "lr_min": 0.01})
    assert run is not None and run.label.startswith("keras ")
    np.testing.assert_allclose(run.values, schedules.cosine_annealing(run.steps, lr0=0.1, total_steps=20,
                                                                      lr_min=0.01), rtol=1e-9)
    assert recorded.recorded_run("cosine_annealing", "keras", {"lr0": 0.1, "total_steps": 21}) is None
    with pytest.raises(ValueError, match="framework must be one of"):
        recorded.recorded_run("cosine_annealing", "jax", {"lr0": 0.1, "total_steps": 20})


def test_every_data_file_says_how_it_was_made_in_its_scripts_words():
    """``how`` is the docstring of ``tests/reference/make_<name>.py``: edit one, re-record or copy it."""
    import ast
    from pathlib import Path

    root = Path(recorded.__file__).resolve().parents[2]
    for name in recorded.DATA_FILES:
        script = root / "tests" / "reference" / f"make_{name.removesuffix('.json')}.py"
        doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")), clean=False)
        how = recorded.load_data(name)["how"]
        assert how == doc, name
        assert "tests/data/" not in how, name
