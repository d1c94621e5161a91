"""What a student costs: every chapter run top to bottom in a fresh kernel, and N students at once.

    .venv/bin/python benchmarks/bench_chapters.py --chapters   # per chapter: CPU s, wall s, peak kernel memory
    .venv/bin/python benchmarks/bench_chapters.py --students   # N = 1, 3, 5 students run the heaviest chapter at once
    .venv/bin/python benchmarks/bench_chapters.py              # both
    .venv/bin/python benchmarks/bench_chapters.py --sizing     # only recompute the sizing from the stored table

Each part rewrites its own section of benchmarks/results/chapters.md and keeps the other's. A chapter runs as
"Run All" does: nbclient executes every code cell in a fresh ``python3`` kernel started in notebooks/, twice:
as the machine runs it (``LRDECAY_WORKERS`` unset: a worker process on a free core computes some blocks of
runs, lrdecay_lessons/training/parallel.py) and in the kernel alone (``LRDECAY_WORKERS=1``, as on the hub; the
students' part runs only so). Per run: CPU seconds (user + system of the kernel process, its start-up
included, and of its worker processes), wall seconds from the first cell to the last, and peak resident memory
(Linux ``VmHWM`` of the kernel and of each worker, added; read before the kernel shuts down). The machine's
load average is recorded with each table: on a shared machine the wall times are upper bounds, the CPU seconds
and memory much less so. Goals (issue on chapter speed): no chapter over 10 s, the course under 60 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
RESULTS = ROOT / "benchmarks" / "results" / "chapters.md"
CHAPTER_GOAL, COURSE_GOAL = 10.0, 60.0
#: The kernels' number of processes for their sweeps (lrdecay_lessons/training/parallel.py).
WORKERS_VARIABLE = "LRDECAY_WORKERS"
STUDENT_COUNTS = (1, 3, 5)
# Not measured here: a student's JupyterLab server, 132-178 MB on this machine in issue 26; the upper end is used.
SERVER_MB = 180
CLASS_SIZES = (30, 300)
# The sizing assumes the worst moment of a lesson: the whole class runs the heaviest chapter within one minute.
BURST_S = 60


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (Linux /proc/<pid>/status, VmHWM)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def run_chapter(path: Path, workers: str | None = None) -> dict[str, float]:
    """Run All of one chapter in a fresh kernel: CPU s, wall s and peak memory of that kernel and the worker
    processes it started (``workers``: the kernel's ``LRDECAY_WORKERS``, unset for the machine's choice)."""
    nb = nbformat.read(path, as_version=4)
    manager = KernelManager(kernel_name="python3")
    env = {key: value for key, value in os.environ.items() if key != WORKERS_VARIABLE}
    manager.start_kernel(cwd=str(NOTEBOOKS), env=env if workers is None else {**env, WORKERS_VARIABLE: workers})
    pid = manager.provisioner.process.pid
    measured: dict[str, float] = {}

    def started(**_):
        measured["start"] = time.perf_counter()

    def completed(**_):
        measured["wall_s"] = time.perf_counter() - measured["start"]
        process = psutil.Process(pid)
        # the kernel, the children it has waited for, and those still running (its worker processes)
        cpu = process.cpu_times()
        measured["cpu_s"] = cpu.user + cpu.system + cpu.children_user + cpu.children_system
        running = process.children(recursive=True)
        measured["cpu_s"] += sum(child.cpu_times().user + child.cpu_times().system for child in running)
        # each process's own peak, added: an upper bound on their peak together
        measured["peak_mb"] = peak_rss_mb(pid) + sum(peak_rss_mb(child.pid) for child in running)

    client = NotebookClient(nb, km=manager, timeout=600, allow_errors=False,
                            on_notebook_start=started, on_notebook_complete=completed)
    client.execute()
    if manager.has_kernel:
        manager.shutdown_kernel(now=True)
    return {key: measured[key] for key in ("cpu_s", "wall_s", "peak_mb")}


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min) / {five:.2f} (5 min) on {os.cpu_count()} cores"


def chapters_section() -> tuple[str, str]:
    before = load_note()
    rows, total_cpu, total_wall = [], 0.0, 0.0
    heaviest = ("", -1.0)
    total_alone, over = 0.0, 0
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        m, alone = run_chapter(path), run_chapter(path, workers="1")
        total_cpu, total_wall, total_alone = total_cpu + m["cpu_s"], total_wall + m["wall_s"], total_alone + alone["wall_s"]
        heaviest = max(heaviest, (path.stem, alone["cpu_s"]), key=lambda item: item[1])
        over += m["wall_s"] > CHAPTER_GOAL
        flag = "" if m["wall_s"] <= CHAPTER_GOAL else " (over 10 s)"
        rows.append(f"| {path.stem} | {m['cpu_s']:.1f} | {m['wall_s']:.1f}{flag} | {m['peak_mb']:.0f} | "
                    f"{alone['cpu_s']:.1f} | {alone['wall_s']:.1f} | {alone['peak_mb']:.0f} |")
        print(rows[-1], flush=True)
    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, Python {sys.version.split()[0]}; "
        f"{before} at the start, {load_note()} at the end. Each chapter runs twice: as it runs on this machine "
        f"(the kernel and, for its larger sweeps, one worker process on the second core; {WORKERS_VARIABLE} unset), "
        f"then in the kernel alone ({WORKERS_VARIABLE}=1, as on the class's hub). CPU seconds and memory are "
        "the kernel's and its worker's together (memory: each one's peak, added).",
        "",
        "| chapter | CPU s | wall s (Run All) | peak memory (MB) | CPU s, one process | wall s, one process | "
        "peak memory, one process (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        f"| **all {len(rows)}** | **{total_cpu:.1f}** | **{total_wall:.1f}** | | | **{total_alone:.1f}** | |",
        "",
        f"Goals: no chapter over {CHAPTER_GOAL:g} s wall ({'met' if not over else f'missed by {over}'}), "
        f"the course under {COURSE_GOAL:g} s ({'met' if total_wall < COURSE_GOAL else 'missed'}: "
        f"{total_wall:.1f} s; {total_alone:.1f} s in one process). Heaviest chapter by CPU (one process): "
        f"{heaviest[0]}.",
    ]
    return "\n".join(lines), heaviest[0]


def students_section(chapter: str) -> str:
    path = NOTEBOOKS / f"{chapter}.ipynb"
    lines = [f"{chapter}, run by N students at once (each a fresh kernel, {WORKERS_VARIABLE}=1 as on the hub); "
             f"{load_note()} at the start.", "",
             "| students at once | wall s per student (mean / max) | CPU s per student (mean) | "
             "peak memory of all kernels (MB) |", "|---:|---:|---:|---:|"]
    for count in STUDENT_COUNTS:
        # "spawn": a forked child inherits the parent's ZeroMQ state, and its kernel never starts.
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
            runs = list(pool.map(run_chapter, [path] * count, ["1"] * count))  # as the hub runs them
        walls = [run["wall_s"] for run in runs]
        lines.append(f"| {count} | {sum(walls) / count:.1f} / {max(walls):.1f} | "
                     f"{sum(run['cpu_s'] for run in runs) / count:.1f} | {sum(run['peak_mb'] for run in runs):.0f} |")
        print(lines[-1], flush=True)
    lines += ["", f"{load_note()} at the end."]
    return "\n".join(lines)


def replace_section(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{start}\n{body}\n{end}"
    if start in text:
        return re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    return f"{text.rstrip()}\n\n{block}\n"


def chapter_rows(text: str) -> list[tuple[str, float, float, float]]:
    """(chapter, CPU s, wall s, peak MB) of the kernel alone (one process, as on the hub) from the per-chapter
    table of the results file."""
    return [(name, float(cpu), float(wall), float(peak)) for name, cpu, wall, peak in re.findall(
        r"^\| (\d\d_\w+) \| [\d.]+ \| [\d.]+[^|]* \| [\d.]+ \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$", text, flags=re.M)]


def sizing_section(text: str) -> str:
    """Memory and cores for a class, computed from the per-chapter table: an estimate, not a measurement."""
    rows = chapter_rows(text)
    heaviest_cpu = max(rows, key=lambda row: row[1])
    peak = max(row[3] for row in rows)
    guarantee, limit = SERVER_MB + peak, SERVER_MB + 2 * peak
    lines = [
        "Estimate, from the per-chapter table above in one process, as the hub runs the kernels (one machine, "
        f"not a cluster): per student one JupyterLab server ({SERVER_MB} MB, issue 26's largest) and one chapter's "
        f"kernel at its peak ({peak:.0f} MB, the largest above) as the memory guarantee: {guarantee:.0f} MB; two chapters open "
        f"at once as the limit: {limit:.0f} MB. Cores: the whole class runs the heaviest chapter "
        f"({heaviest_cpu[0]}, {heaviest_cpu[1]:.1f} CPU s) within {BURST_S} s: "
        f"{heaviest_cpu[1] / BURST_S:.2f} cores per student.",
        "",
        "| students | memory (guaranteed, GB) | memory (limit, GB) | cores for the burst |",
        "|---:|---:|---:|---:|",
    ]
    for size in CLASS_SIZES:
        lines.append(f"| {size} | {size * guarantee / 1024:.1f} | {size * limit / 1024:.1f} | "
                     f"{size * heaviest_cpu[1] / BURST_S:.1f} |")
    return "\n".join(lines)


def heaviest_recorded(text: str) -> str:
    found = re.search(r"Heaviest chapter by CPU(?: \(one process\))?: (\S+)\.", text)
    return found.group(1) if found else "07_hands_on"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapters", action="store_true", help="only the per-chapter table")
    parser.add_argument("--students", action="store_true", help="only the simultaneous students")
    parser.add_argument("--sizing", action="store_true", help="only the sizing, from the stored per-chapter table")
    args = parser.parse_args(argv)
    both = not (args.chapters or args.students or args.sizing)
    text = RESULTS.read_text() if RESULTS.exists() else (
        "# Chapters in a fresh kernel, and students at once\n\nWritten by `benchmarks/bench_chapters.py`.\n")
    if args.chapters or both:
        body, _ = chapters_section()
        text = replace_section(text, "chapters", "## Per chapter (Run All in a fresh kernel)\n\n" + body)
        RESULTS.write_text(text)  # each part is kept as soon as it is measured
    if args.students or both:
        chapter = heaviest_recorded(text)
        text = replace_section(text, "students", "## Students at once\n\n" + students_section(chapter))
    if chapter_rows(text):
        text = replace_section(text, "sizing", "## Sizing a class (estimate)\n\n" + sizing_section(text))
    RESULTS.write_text(text)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
