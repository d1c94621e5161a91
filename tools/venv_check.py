"""Is this .venv usable? Run by the venv's own Python (``make`` does, before every target that needs it).

    .venv/bin/python -I tools/venv_check.py CHECKOUT_DIR

Standard library only, and it never imports the course. Exit status:

* 0: healthy;
* 1: recreate the venv (pip missing, or a console script whose interpreter is gone: the venv moved);
* 2: reinstall into it (the course is not installed from this checkout, or a dependency is missing).

A venv whose interpreter itself is gone cannot run this file at all; ``make`` treats that as 1.
The reason is printed on one line for ``make`` to show.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import sys

#: What `make test` and `make lab` import (module names, not distribution names).
NEEDED = ("numpy", "matplotlib", "sklearn", "ipywidgets", "threadpoolctl", "pytest", "nbval", "xdist",
          "hypothesis", "importlinter", "jupyterlab")

#: The console scripts the Makefile runs directly.
SCRIPTS = ("lint-imports", "jupyter")


def problem(checkout: str) -> tuple[int, str]:
    if importlib.util.find_spec("pip") is None:
        return 1, "no pip in it"
    bin_dir = os.path.dirname(sys.executable)
    for script in SCRIPTS:
        path = os.path.join(bin_dir, script)
        if not os.path.exists(path):
            return 2, f"{script} is missing"
        with open(path, "rb") as handle:
            first = handle.readline().decode(errors="replace").strip()
        interpreter = first[2:].split()[0] if first.startswith("#!") and first[2:].split() else ""
        if interpreter and not os.path.exists(interpreter):
            return 1, f"{script} runs {interpreter}, which is gone (was .venv moved?)"
    try:
        importlib.metadata.distribution("lrdecay-lessons")
    except importlib.metadata.PackageNotFoundError:
        return 2, "the course package is not installed in it"
    spec = importlib.util.find_spec("lrdecay_lessons")
    expected = os.path.realpath(os.path.join(checkout, "lrdecay_lessons"))
    if spec is None or spec.origin is None or os.path.realpath(os.path.dirname(spec.origin)) != expected:
        where = "nowhere" if spec is None or spec.origin is None else os.path.dirname(spec.origin)
        return 2, f"the course package is imported from {where}, not from {expected}"
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        return 2, f"missing: {', '.join(missing)}"
    return 0, "healthy"


if __name__ == "__main__":
    status, reason = problem(sys.argv[1] if len(sys.argv) > 1 else os.getcwd())
    print(reason)
    sys.exit(status)
