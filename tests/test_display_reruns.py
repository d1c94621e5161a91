"""Re-running a panel cell releases the panel its earlier run made (lrdecay_lessons.display.reruns):
25 re-runs leave as many live widgets and figures as one run, in this process with the cell simulated,
and in a real kernel sent execute requests with a JupyterLab cell id."""

from __future__ import annotations

import ast
import gc
import json
import textwrap

import pytest
from ipywidgets.widgets import widget as widget_module
from matplotlib.figure import Figure

from lrdecay_lessons.display import Slider, reruns, schedule_panel
from lrdecay_lessons.schedules import step_decay


def live_counts() -> tuple[int, int]:
    gc.collect()
    return len(widget_module._instances), sum(isinstance(o, Figure) for o in gc.get_objects())


def make_panel():
    panel = schedule_panel(step_decay, [Slider("gamma", 0.5, 0.1, 0.9), Slider("step_size", 100, 10, 500, integer=True)],
                           fixed={"lr0": 0.1}, horizon=1000, title="Step decay")
    assert panel.curves()[0][-1][2].size == 1001
    return panel


def test_the_same_cell_run_25_times_keeps_one_panel_alive(monkeypatch):
    runs = iter(range(1000))
    monkeypatch.setattr(reruns, "current_cell", lambda: ("cell-9", f"request-{next(runs)}"))
    make_panel()
    after_one = live_counts()
    for _ in range(24):
        make_panel()
    widgets, figures = live_counts()
    # at most what one run left (fewer when other tests' leftovers were collected meanwhile); before, each run added a panel
    assert widgets <= after_one[0] and figures <= after_one[1], (after_one, (widgets, figures))


def test_panels_of_one_run_and_of_other_cells_stay_open(monkeypatch):
    where = {"cell": ("cell-1", "request-1")}
    monkeypatch.setattr(reruns, "current_cell", lambda: where["cell"])
    first, second = make_panel(), make_panel()  # two panels in one cell run
    where["cell"] = ("cell-2", "request-2")
    other = make_panel()
    for panel in (first, second, other):
        assert panel.comm is not None and panel.layout.comm is not None
    where["cell"] = ("cell-1", "request-3")  # cell 1 again: its two panels go, cell 2's stays
    make_panel()
    assert first.comm is None and first.layout.comm is None
    assert second.comm is None and second.layout.comm is None
    assert other.comm is not None and other.layout.comm is not None
    assert other.model_id in widget_module._instances


def test_outside_a_notebook_cell_nothing_is_closed():
    first = make_panel()
    make_panel()
    assert first.comm is not None


def test_a_real_kernel_re_running_a_panel_cell_25_times_stays_bounded():
    """JupyterLab sends the cell's id in each execute request's metadata; the kernel here gets the same."""
    manager = pytest.importorskip("jupyter_client.manager")
    km, kc = manager.start_new_kernel(kernel_name="python3")
    try:
        cell = textwrap.dedent("""
            from lrdecay_lessons.display import Slider, schedule_panel
            from lrdecay_lessons.schedules import step_decay
            schedule_panel(step_decay, [Slider("gamma", 0.5, 0.1, 0.9)], fixed={"lr0": 0.1, "step_size": 100},
                           horizon=1000, title="Step decay")
        """)
        count = ("__import__('json').dumps([len(__import__('ipywidgets').widgets.widget._instances), "
                 "(__import__('gc').collect(), sum(isinstance(o, __import__('matplotlib.figure').figure.Figure) "
                 "for o in __import__('gc').get_objects()))[1]])")

        def run(code, cell_id, expressions=None):
            msg = kc.session.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                                     "user_expressions": expressions or {}, "allow_stdin": False},
                                 metadata={"cellId": cell_id})
            kc.shell_channel.send(msg)
            while True:
                reply = kc.get_shell_msg(timeout=60)
                if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                    break
            assert reply["content"]["status"] == "ok", reply["content"]
            return reply["content"].get("user_expressions", {})

        def counts():
            found = run("", "probe", {"n": count})["n"]
            return json.loads(ast.literal_eval(found["data"]["text/plain"]))

        run(cell, "cell-9")
        after_one = counts()
        for _ in range(24):
            run(cell, "cell-9")
        assert counts() == after_one
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_chapter_07s_training_panel_re_run_keeps_one_alive(monkeypatch):
    """A training panel (a BrowserPanel that trains in the kernel) re-run keeps one alive, as a schedule panel does."""
    from lrdecay_lessons.chapters.ch07_training_panel import TrainingPanel

    runs = iter(range(1000))
    monkeypatch.setattr(reruns, "current_cell", lambda: ("cell-7", f"request-{next(runs)}"))
    TrainingPanel(epochs=2).figure()
    after_one = live_counts()
    for _ in range(4):
        TrainingPanel(epochs=2).figure()
    assert live_counts() == after_one
