"""Can this Python build the course's .venv? Run by the Python ``make`` is about to use (``$(PYTHON)``).

    python3 tools/python_check.py             # exit 0: supported; 1: refused, with the version found
    python3 tools/python_check.py --identity  # print "VERSION REAL_PATH" (what tools/venv_check.py compares)

The supported versions come from ``requires-python`` in pyproject.toml (one place). The file keeps to
syntax every Python since 2.7 can parse, so an old interpreter is refused by name instead of failing
with a SyntaxError or a resolver conflict that names no Python version.
"""

from __future__ import print_function

import os
import platform
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PYPROJECT = os.path.join(os.path.dirname(HERE), "pyproject.toml")
#: Versions the course is tested on (README, "Set-up"); newer ones are allowed by requires-python.
TESTED = "3.11, 3.12 and 3.13"


def minimum(pyproject=PYPROJECT):
    """The lowest supported version, as a tuple of ints, from ``requires-python = ">=X.Y[.Z]"``."""
    with open(pyproject) as handle:
        found = re.search(r'^requires-python\s*=\s*">=\s*([0-9.]+)"', handle.read(), re.M)
    if found is None:
        raise SystemExit("tools/python_check.py: no requires-python = \">=X.Y\" in " + pyproject)
    return tuple(int(part) for part in found.group(1).split("."))


def identity():
    """This interpreter as "VERSION REAL_PATH": a venv's base Python and ``$(PYTHON)`` compare equal by it."""
    executable = getattr(sys, "_base_executable", None) or sys.executable
    return platform.python_version() + " " + os.path.realpath(executable)


def verdict(version, where, lowest):
    """``(status, message)`` for a Python of ``version`` (tuple) found at ``where``."""
    shown = ".".join(str(part) for part in version)
    needed = ".".join(str(part) for part in lowest)
    if tuple(version) >= tuple(lowest):
        return 0, "make: using Python %s (%s)" % (shown, where)
    return 1, ("make: Python %s (%s) is too old for this course: it needs Python %s or newer "
               "(tested: %s). Install one (Debian/Ubuntu: apt-get install python3.11 python3.11-venv; "
               "or pyenv, conda) and run: make setup PYTHON=python3.11 (a .venv made by another Python is rebuilt)"
               % (shown, where, needed, TESTED))


if __name__ == "__main__":
    if sys.argv[1:] == ["--identity"]:
        print(identity())
        sys.exit(0)
    status, message = verdict(sys.version_info[:3], os.path.realpath(sys.executable), minimum())
    print(message, file=sys.stderr if status else sys.stdout)
    sys.exit(status)
