"""Is this .venv usable? Run by the venv's own Python (``make`` does, before every target that needs it).

    .venv/bin/python -I tools/venv_check.py CHECKOUT_DIR [--python "VERSION REAL_PATH"]

Standard library only, and it never imports the course. Exit status:

* 0: healthy;
* 1: recreate the venv (pip missing, or a console script whose interpreter is gone: the venv moved; or
  it was made by a Python the course does not support, or by another Python than the ``--python`` asked
  for, as ``tools/python_check.py --identity`` prints it: ``make setup PYTHON=python3.12`` after a
  venv made by python3.11 rebuilds it);
* 2: reinstall into it (the course is not installed from this checkout, or a dependency is missing).

A venv whose interpreter itself is gone cannot run this file at all; ``make`` treats that as 1.
The reason is printed on one line for ``make`` to show.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

#: What `make test` and `make lab` import (module names, not distribution names).
NEEDED = ("numpy", "matplotlib", "sklearn", "ipywidgets", "anywidget", "threadpoolctl", "joblib", "pytest", "nbval", "xdist", "babel",
          "hypothesis", "importlinter", "jupyterlab")

#: The console scripts the Makefile runs directly.
SCRIPTS = ("lint-imports", "jupyter")


def _python_check():
    """tools/python_check.py, loaded by path (``-I`` leaves this folder off sys.path)."""
    spec = importlib.util.spec_from_file_location("python_check", os.path.join(HERE, "python_check.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shown(identity: str) -> str:
    version, _, path = identity.strip().partition(" ")
    return f"{version} ({path})"


def wrong_python(wanted: str | None) -> str | None:
    """Why the Python running this venv is the wrong one, or None: unsupported, or not ``wanted``."""
    check = _python_check()
    made_by = check.identity()
    status, _ = check.verdict(sys.version_info[:3], made_by.split(" ", 1)[1], check.minimum())
    if status:
        return f"it was made by Python {made_by.split(' ', 1)[0]}, older than the course supports"
    if wanted and wanted.strip() != made_by:
        return f"it was made by Python {_shown(made_by)}, not by the PYTHON asked for, {_shown(wanted)}"
    return None


def problem(checkout: str, wanted_python: str | None = None) -> tuple[int, str]:
    wrong = wrong_python(wanted_python)
    if wrong:
        return 1, wrong
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
    arguments = sys.argv[1:]
    wanted = None
    if "--python" in arguments:
        at = arguments.index("--python")
        wanted = arguments[at + 1] if at + 1 < len(arguments) else ""
        del arguments[at:at + 2]
    status, reason = problem(arguments[0] if arguments else os.getcwd(), wanted)
    print(reason)
    sys.exit(status)
