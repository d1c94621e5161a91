"""Chapter 12 (``chapters/ch12_frameworks.py``), its views of the framework table: they show the package's
data faithfully."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lessons import frameworks as F
from lrdecay_lessons import schedules
from lrdecay_lessons.chapters import ch12_frameworks as V
from lrdecay_lessons.exercises import exercise
from lrdecay_lessons.frameworks import load_data


def test_versions_are_read_from_the_data_files():
    table = V.recorded_versions()
    versions = dict(zip(table.column("library"), table.column("version")))
    framework_file = load_data("framework_values.json")["generated_with"]
    optax_file = load_data("optax_values.json")["generated_with"]
    assert versions["torch"] == framework_file["torch"]
    assert versions["transformers"] == framework_file["transformers"]
    assert versions["keras"].startswith(framework_file["keras"] + " (") and "backend=torch" in versions["keras"]
    assert versions["optax"] == optax_file["optax"]
    assert "python" not in versions and "keras_backend" not in versions
    assert F.version_of("optax") == optax_file["optax"]
    with pytest.raises(ValueError, match="package must be one recorded"):
        F.version_of("tensorflow")


def test_the_per_framework_tables_and_the_gaps_cover_the_whole_table():
    full = V.framework_table()
    built_in = sum(len(V.framework_view(key).rows) for key in F.FRAMEWORKS)
    assert built_in + len(V.missing_view().rows) == len(full.rows)
    keras = {row[0]: row for row in V.framework_view("keras").rows}
    assert keras["cosine_annealing"][1] == "CosineDecay"
    assert V.framework_view("keras").columns == ("course", "Keras name", "equals the course at")
    rules = V.rules_view("keras")
    assert ("cosine_annealing", "lr_min → alpha", "alpha = lr_min / lr0 (a fraction, not a rate)") in [tuple(r) for r in rules.rows]
    # Only parameters that change: lr0 -> initial_learning_rate changes its name, pct_start -> pct_start nothing.
    assert all(not (r[1].split(" → ")[0] == r[1].split(" → ")[1] and r[2] == "") for r in rules.rows)
    assert ("one_cycle", "pct_start → pct_start", "") not in [tuple(r) for r in V.rules_view("pytorch").rows]
    # Short cells: nothing near the 300-character cells the combined table had.
    for key in F.FRAMEWORKS:
        for table in (V.framework_view(key), V.rules_view(key)):
            assert max(len(str(cell)) for row in table.rows for cell in row) < 200, key
    with pytest.raises(ValueError, match="framework must be one of"):
        V.rules_view("jax")
    assert "inverse_time_decay" not in {row[0] for row in V.framework_view("pytorch").rows}
    gaps = {(row[0], row[1]) for row in V.missing_view().rows}
    view = V.gaps_view()
    assert sum(len(g) for g in view.groups().values()) == len(V.missing_view().rows)
    first = V.missing_view().rows[0]
    assert "<td>" not in view._repr_html_() and (first[1], first[2]) in view.groups()[first[0]]
    assert list(view.groups())[0] == first[0]
    assert ("inverse_time_decay", "PyTorch") in gaps and ("one_cycle", "Keras") in gaps
    with pytest.raises(ValueError, match="framework must be one of"):
        V.framework_view("jax")


def test_short_names():
    assert V.short_name("pytorch", "torch.optim.lr_scheduler.StepLR") == "StepLR"
    assert V.short_name("optax", "optax.contrib.reduce_on_plateau") == "contrib.reduce_on_plateau"
    assert V.short_name("keras", "keras.callbacks.ReduceLROnPlateau") == "keras.callbacks.ReduceLROnPlateau"


def test_lookup_shows_the_rows_example_code():
    table = V.lookup_view("cosine_annealing")
    codes = dict(zip(table.column("framework"), table.column("code for the worked example")))
    assert codes["Keras"] == F.translation("cosine_annealing", "keras").call(F.EXAMPLES["cosine_annealing"])
    assert V.lookup_view("inverse_time_decay").column("code for the worked example")[0].startswith("no built-in")


def test_schedule_lookup_widget_updates_and_reads_statically():
    lookup = V.ScheduleLookup("step_decay")
    assert "step_decay" in lookup.dropdown._repr_mimebundle_()["text/plain"]
    lookup.dropdown.value = "one_cycle"
    assert lookup.table().title.startswith("one_cycle(")
    view = lookup.view()
    html = view._repr_html_()
    code = F.translation("one_cycle", "pytorch").call(F.EXAMPLES["one_cycle"])
    assert "<pre" in html and "<td>" not in html and "cycle_momentum=False" in code
    import html as _html
    assert _html.escape(code) in html and code in repr(view)
    with pytest.raises(ValueError, match="schedule must be one of"):
        V.ScheduleLookup("cosine")


def test_side_by_side_agrees_where_the_row_agrees_and_not_after():
    check = V.side_by_side("warmup_cosine", "huggingface", {"lr0": 0.1, "total_steps": 30, "warmup_steps": 6},
                           steps=[0, 6, 30, 40])
    assert check.real_values is not None
    assert check.agrees.tolist() == [True, True, True, False]  # past num_training_steps HF rises again
    assert "num_training_steps=30" in check.their_call and check.our_call.startswith("warmup_cosine(t, ")


def test_side_by_side_uses_the_recording_only_where_it_exists():
    recorded = V.side_by_side("exponential_decay", "pytorch", {"lr0": 0.1, "gamma": 0.5, "total_steps": 10},
                              steps=[0, 10, 20])
    assert recorded.real is not None and bool(recorded.agrees.all())
    assert "gamma=0.933" in recorded.their_call
    unrecorded = V.side_by_side("exponential_decay", "pytorch", {"lr0": 0.1, "gamma": 0.5, "total_steps": 12},
                                steps=[0, 12])
    assert unrecorded.real is None and "recorded" not in repr(unrecorded)


def test_a_wrong_recording_would_be_caught():
    check = V.side_by_side("cosine_annealing", "keras", {"lr0": 0.1, "total_steps": 20}, steps=[0, 10])
    broken = V.SideBySide(check.our_call, check.framework, check.their_call, check.steps, check.ours,
                          check.theirs, F.RecordedRun("fake", check.steps, check.ours * 1.01))
    assert not broken.agrees.any()


def test_recorded_sequential():
    run = F.recorded_sequential(warmup_steps=10, T_max=90)
    assert run.call.startswith("SequentialLR(") and run.kwargs["T_max"] == 90
    with pytest.raises(ValueError, match="must be a recorded pair"):
        F.recorded_sequential(3, 3)


def test_every_trap_view_holds_its_demo():
    for key, trap in F.TRAPS.items():
        view = V.trap_view(key)
        assert view.title == str(trap.title) and view.text == str(trap.text)
        text = repr(view)
        if trap.demo is not None:
            demo = trap.demo()
            if "call" in demo:
                assert demo["call"] in text
    boundary = V.trap_view("keras_boundary_off_by_one").table
    assert boundary.columns[0] == "step t"
    rows = {row[0]: row[1:] for row in boundary.rows}
    trap = F.TRAPS["keras_boundary_off_by_one"]
    assert rows["Keras, boundary = milestone (one step late)"] == trap.demo()["keras_boundary_3"]
    assert set(rows) == {trap.label(name) for name in trap.labels}
    assert "one step() more than total_steps: Tried to step 101 times" in repr(V.trap_view("one_cycle_past_end"))
    t_mult = V.trap_view("t_mult_integer")
    assert [row[0] for row in t_mult.table.rows] == ["this course", "Keras CosineDecayRestarts, t_mul = period_mult"]
    assert t_mult.facts == ("ValueError from the PyTorch translation: " + F.TRAPS["t_mult_integer"].demo()["pytorch_error"],)
    # Rows and facts carry the trap's labels, never the demo's keys.
    for key, trap in F.TRAPS.items():
        view = V.trap_view(key)
        shown = [row[0] for row in view.table.rows] if view.table is not None else []
        shown += [fact.split(": ")[0] for fact in view.facts]
        assert sorted(shown) == sorted(trap.label(name) for name in trap.labels), key
    with pytest.raises(ValueError, match="key must be one of"):
        V.trap_view("nope")


def test_trap_index_lists_every_trap_with_its_frameworks_only():
    index = V.trap_index()
    assert index.columns == ("trap", "frameworks")
    assert index.column("trap") == [str(trap.title) for trap in F.TRAPS.values()]
    frameworks = dict(zip(index.column("trap"), index.column("frameworks")))
    assert frameworks["OneCycleLR and CyclicLR turn momentum on"] == "PyTorch"


def test_agreement_summary_finds_every_formula_row_equal():
    table = V.agreement_summary()
    worst = table.column("largest relative difference")
    assert max(worst) < 1e-12
    rows = sum(table.column("rows"))
    skipped = sum(len(s.split(", ")) for s in table.column("example not expressible") if s != "—")
    formula_rows = [r for r in F.TRANSLATIONS if r.framework_formula and r.schedule in schedules.REGISTRY]
    assert rows + skipped == len(formula_rows)


def test_chapter_exercises():
    assert exercise("frameworks-t-max-per-batch").solve() == 90 * 391
    assert exercise("frameworks-keras-alpha").solve() == pytest.approx(0.001 / 0.2)
    assert exercise("frameworks-keras-patience").solve() == 5
    # The Keras patience really gives the same drops as PyTorch's patience 4 on a flat loss.
    flat = [1.0] * 20
    torch = F.torch_reduce_lr_on_plateau(flat, lr=1.0, factor=0.5, patience=4, threshold=0.0)
    keras = F.keras_reduce_lr_on_plateau(flat, learning_rate=1.0, factor=0.5, mode="min", min_delta=0.0,
                                         patience=exercise("frameworks-keras-patience").solve())
    np.testing.assert_array_equal(torch, keras)
