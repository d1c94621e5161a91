"""The training panels in a real JupyterLab: a key press trains again in the kernel and the browser redraws.

Chapter 08's lab panel, chapter 07's training panel and chapter 09's warm-up panel are made, with the chapters'
arguments, in a small notebook of their own (the chapters' other cells take half a minute to run);
JupyterLab from the venv on 127.0.0.1, headless Chromium. An arrow key moves each panel's first numeric
slider one step away and back, ``PRESSES`` times; each press must bring a new picture (the panel's
``data-drawn`` count goes up) drawn from the kernel's answer for the new value, and the panel's
``data-latency`` (set by ``panel.js`` from the keydown to the redraw of its last chart) is recorded.
The medians go to ``benchmarks/results/training_panel_latency.md``; chapter 08's lab panel must reach its
new picture within 150 ms at the median (issue 25, item 6; asserted: a slower kernel or a heavier run fails).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from pathlib import Path

import pytest

from .conftest import ROOT, jupyter_lab

PRESSES = 6
GOAL_MS = 150
TABLE = ROOT / "benchmarks" / "results" / "training_panel_latency.md"
SETUP = """from lrdecay_lessons.chapters import ch07_training_panel, ch08_lab_panel, ch09_warmup_lab
from lrdecay_lessons.display import Slider
from lrdecay_lessons.experiments import ch07 as exp07
from lrdecay_lessons.training import load_dataset, top_curvature
diabetes = load_dataset("diabetes")
BATCH, EPOCHS, LR0 = exp07.CONVEX_BATCH["diabetes"], exp07.EPOCHS, exp07.LR0
T, lam = 100, top_curvature(diabetes)"""
# (what, the cell that makes the panel as its chapter does, the slider the keys move)
PANELS = [
    ("chapter 08 lab panel", 'ch08_lab_panel.LabPanel(optimizer="SGD + momentum 0.9", schedule="cosine", '
                             'labels="fresh", peak=0.03, steps=500)', "peak"),
    ("chapter 07 training panel", 'ch07_training_panel.TrainingPanel(dataset="diabetes", schedule="cosine", '
                                  'batch_size=BATCH, lr0=LR0, epochs=EPOCHS, seeds=(0, 1, 2))', "lr0"),
    ("chapter 09 warm-up panel", 'ch09_warmup_lab.warmup_matters_panel(diabetes, [Slider("peak", 0.7, 0.3, 1.2, '
                                 'step=0.05, label="peak η₀"), Slider("W", 30, 0, 60, step=5, integer=True, '
                                 'label="W (warmup_steps)")], total_steps=T, curvature=lam)', "peak"),
]
KERNEL_IDLE = """() => {
  const w = window.jupyterapp && jupyterapp.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return Boolean(kernel) && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}"""


def _notebook(path: Path) -> None:
    cells = [SETUP] + [code for _, code, _ in PANELS]
    path.write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                   "source": source} for i, source in enumerate(cells)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")


@pytest.fixture(scope="module")
def measured(tmp_path_factory, new_guarded_page) -> dict:
    folder = tmp_path_factory.mktemp("panels")
    _notebook(folder / "training_panels.ipynb")
    results: dict = {}
    with jupyter_lab(folder, tmp_path_factory.mktemp("lab")) as server, new_guarded_page() as guard:
        page = guard.page
        page.goto(server.url("lab"), wait_until="load")
        page.locator(".jp-DirListing-item", has_text="training_panels.ipynb").dblclick(timeout=90_000)
        page.wait_for_function(KERNEL_IDLE, timeout=90_000)
        page.locator('.lm-MenuBar-itemLabel:text-is("Run")').click()
        page.locator('.lm-Menu-itemLabel:text-is("Run All Cells")').click()
        panels = page.locator(".jp-Notebook .lrd-panel")
        page.wait_for_function(
            f"() => [...document.querySelectorAll('.jp-Notebook .lrd-panel')].filter(p => p.dataset.drawn > 0)"
            f".length === {len(PANELS)}", timeout=180_000)
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)
        for index, (what, _, slider) in enumerate(PANELS):
            panel = panels.nth(index)
            handle = panel.locator(f'input[type="range"][data-name="{slider}"]')
            handle.scroll_into_view_if_needed()
            latencies, redrawn, readouts = [], [], []
            start = handle.input_value()
            for key in ["ArrowRight", "ArrowLeft"] * PRESSES:
                drawn = int(panel.get_attribute("data-drawn"))
                handle.focus()
                page.keyboard.press(key)
                try:
                    page.wait_for_function(
                        "([p, n]) => Number(p.dataset.drawn) > n && p.dataset.latency !== undefined",
                        arg=[panel.element_handle(), drawn], timeout=20_000)
                    redrawn.append(True)
                    latencies.append(float(panel.get_attribute("data-latency")))
                except Exception:
                    redrawn.append(False)
                page.wait_for_function(KERNEL_IDLE, timeout=60_000)
                readouts.append(handle.input_value())
                panel.evaluate("p => { delete p.dataset.latency; }")
            results[what] = {"latencies": latencies, "redrawn": redrawn, "start": start, "positions": readouts,
                             "error": panel.locator(".lrd-error").text_content()}
        results["page errors"] = list(guard.errors)
    _write(results)
    return results


def _write(results: dict) -> None:
    rows = [f"| {what} | {slider} | {len(r['latencies'])} | {statistics.median(r['latencies']):.0f} | "
            f"{min(r['latencies']):.0f} | {max(r['latencies']):.0f} |"
            for what, _, slider in PANELS if (r := results[what])["latencies"]]
    TABLE.write_text(
        "# JupyterLab: key press to new picture, training panels\n\n"
        "Written by `tests/browser/test_training_panel_latency.py`: headless Chromium, JupyterLab on 127.0.0.1; "
        f"an arrow key on the panel's slider, one step away and one back, {PRESSES} times; the time from the "
        "keydown to the redraw of the panel's last chart with the kernel's new curves (`data-latency`). "
        f"Chapter 08's lab panel must stay within {GOAL_MS} ms at the median (asserted); the others are measured.\n"
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end; "
        f"{time.strftime('%Y-%m-%d %H:%M')}.\n\n"
        "| panel | slider | presses | median ms | min ms | max ms |\n|---|---|---:|---:|---:|---:|\n"
        + "\n".join(rows) + "\n", encoding="utf-8")


@pytest.mark.parametrize("what", [what for what, _, _ in PANELS])
def test_each_key_press_trains_again_and_redraws(measured, what):
    result = measured[what]
    assert result["error"] == "", result["error"]
    assert all(result["redrawn"]), f"{what}: presses without a new picture: {result['redrawn']}"
    assert len(result["latencies"]) == 2 * PRESSES and all(ms > 0 for ms in result["latencies"])
    # one step away and back: the slider alternates between two positions, ending where it started
    assert result["positions"][-1] == result["start"] and len(set(result["positions"])) == 2
    assert measured["page errors"] == []


def test_chapter_08s_lab_panel_reaches_its_new_picture_within_the_goal(measured):
    """Issue 25, item 6: key press to the redrawn picture (six runs trained in the kernel) <= 150 ms at the median."""
    latencies = measured["chapter 08 lab panel"]["latencies"]
    assert len(latencies) == 2 * PRESSES
    assert statistics.median(latencies) <= GOAL_MS, (
        f"chapter 08's lab panel: median {statistics.median(latencies):.0f} ms over {len(latencies)} presses, "
        f"goal {GOAL_MS} ms (all: {[round(ms) for ms in latencies]}; load average {os.getloadavg()[0]:.2f})")
