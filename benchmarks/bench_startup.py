"""How fast a chapter starts, as ratios from one run (``make benchmark``).

A chapter's first cell imports what the chapter uses and sets the course style. Each
first cell runs in a fresh ``python -c`` process and is compared with the floor every
chapter pays anyway, ``python -c "import numpy, matplotlib, ipywidgets"``; the two are
timed alternately (medians of repeats), so both see the same load. Goal for chapter 02:
at most 1.5x the floor. The table also says whether the cell loaded scikit-learn or
SciPy, which only the chapters that train should.

Second table: chapter 02's first cell where a learner runs it, in a fresh Jupyter kernel,
against the same imports in a fresh kernel. A kernel has IPython loaded already, and
``use_course_style()`` turns on inline figures there (``%matplotlib inline``), which loads
pyplot: the price of figures in a notebook, paid by every chapter that draws.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = "import numpy, matplotlib, ipywidgets"
GOAL = 1.5
REPEATS = 7
REPORT = "import sys; print(any(m.split('.')[0] in ('sklearn', 'scipy') for m in sys.modules))"


def first_cell(notebook: Path) -> str:
    cells = json.loads(notebook.read_text())["cells"]
    return "".join(next(c for c in cells if c["cell_type"] == "code")["source"])


def wall_time(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT / "notebooks", capture_output=True)
    return time.perf_counter() - start


def paired_medians(code: str) -> tuple[float, float]:
    wall_time(code), wall_time(FLOOR)  # warm the file cache
    ours, floor = [], []
    for _ in range(REPEATS):
        ours.append(wall_time(code))
        floor.append(wall_time(FLOOR))
    return statistics.median(ours), statistics.median(floor)


def kernel_time(code: str) -> float:
    """Seconds to run ``code`` as the first cell of a fresh kernel (kernel start not counted)."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"))
    try:
        client.execute_interactive("pass", timeout=60)
        start = time.perf_counter()
        reply = client.execute_interactive(code, timeout=120, output_hook=lambda message: None)
        elapsed = time.perf_counter() - start
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the cell failed in the kernel: {reply['content']}")
        return elapsed
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    print(f"python {sys.version.split()[0]}; floor: python -c {FLOOR!r}; {REPEATS} alternating runs each\n")
    print(f"{'chapter':<34} {'first cell':>10} {'floor':>7} {'ratio':>6}  sklearn/scipy loaded")
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        code = first_cell(notebook)
        ours, floor = paired_medians(code)
        loaded = subprocess.run([sys.executable, "-c", code + "\n" + REPORT], check=True, cwd=ROOT / "notebooks",
                                capture_output=True, text=True).stdout.split()[-1]
        goal = f"  (goal <= {GOAL}: {'met' if ours / floor <= GOAL else 'missed'})" if notebook.name.startswith("02") else ""
        print(f"{notebook.stem:<34} {ours:>9.3f}s {floor:>6.3f}s {ours / floor:>6.2f}  {loaded}{goal}")

    code = first_cell(ROOT / "notebooks" / "02_step_decay.ipynb")
    ours, floor = [], []
    for _ in range(5):
        ours.append(kernel_time(code))
        floor.append(kernel_time(FLOOR))
    ours_s, floor_s = statistics.median(ours), statistics.median(floor)
    print(f"\nin a fresh kernel, 5 alternating runs: chapter 02's first cell {ours_s:.3f}s, "
          f"{FLOOR!r} {floor_s:.3f}s, ratio {ours_s / floor_s:.2f}")


if __name__ == "__main__":
    main()
