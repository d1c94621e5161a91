"""``make`` refuses a Python older than pyproject's requires-python by its version, before anything is installed
(tools/python_check.py), and rebuilds a .venv made by an unsupported Python or by another Python than the
PYTHON named. Interpreters too old for this machine are faked: a script that runs this Python but reports
another version, and fails anything but the checks (so nothing is ever installed)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / "tools" / "python_check.py"
MAKE = shutil.which("make")


@pytest.fixture()
def python_check():
    spec = importlib.util.spec_from_file_location("python_check", CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_python(path: Path, version: tuple[int, int, int]) -> Path:
    """An interpreter that says it is Python ``version``: it runs the tools/ scripts, and fails `-m venv`."""
    shown = ".".join(map(str, version))
    path.write_text(f"""#!/bin/sh
[ "$1" = "-I" ] && shift
case "$1" in
  *tools/*.py) exec {sys.executable} -c '
import platform, runpy, sys
sys.version_info = {version!r} + ("final", 0)
platform.python_version = lambda: "{shown}"
sys.executable = sys._base_executable = sys.argv[0] = "{path}"
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")' "$@";;
esac
echo "fake Python {shown} cannot run: $*" >&2
exit 3
""")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def checkout_copy(tmp_path: Path) -> Path:
    """The files `make setup` reads, without any .venv."""
    copy = tmp_path / "course"
    copy.mkdir()
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, copy / name)
    shutil.copytree(ROOT / "tools", copy / "tools")
    shutil.copytree(ROOT / "share", copy / "share")  # the built lab extension, a prerequisite of the venv
    return copy


def test_the_lowest_version_comes_from_pyproject(python_check):
    assert python_check.minimum() == (3, 11)


@pytest.mark.parametrize("version", [(3, 10, 12), (3, 6, 15), (2, 7, 18)])
def test_an_older_python_is_refused_by_its_version(python_check, version):
    status, message = python_check.verdict(version, "/usr/bin/python3", (3, 11))
    shown = ".".join(map(str, version))
    assert status == 1
    assert f"Python {shown} (/usr/bin/python3) is too old" in message and "Python 3.11 or newer" in message


@pytest.mark.parametrize("version", [(3, 11, 0), (3, 11, 2), (3, 12, 1), (3, 13, 0), (3, 14, 0)])
def test_supported_pythons_pass(python_check, version):
    assert python_check.verdict(version, "/usr/bin/python3", (3, 11))[0] == 0


def pins_refusing(version: str, requires: dict[str, str | None]) -> list[str]:
    """The pinned packages (name -> their Requires-Python) that pip would refuse on Python ``version``."""
    from packaging.specifiers import SpecifierSet

    return sorted(name for name, spec in requires.items() if spec and version not in SpecifierSet(spec))


def test_pins_refusing_finds_the_pin_that_broke_debian_12():
    """Issue 27: soupsieve 4.1.3 (Requires-Python >=3.11.5) ended `make setup` on Debian 12's 3.11.2."""
    assert pins_refusing("3.11.2", {"soupsieve": ">=3.11.5", "numpy": ">=3.11"}) == ["soupsieve"]
    assert pins_refusing("3.11.5", {"soupsieve": ">=3.11.5", "numpy": ">=3.11"}) == []


def test_every_installed_pin_allows_python_3_11_0():
    """Every package of this environment that constraints.txt pins, at its pinned version, installs on
    Python 3.11.0 (Debian 12 has 3.11.2, Ubuntu 22.04's python3.11 package 3.11.0): its Requires-Python
    admits it. soupsieve is pinned at 2.10 (>=3.10), as 4.x needs >=3.11.5."""
    from importlib import metadata

    def normal(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    pins = {normal(name): version for name, version in
            (line.split("==") for line in (ROOT / "constraints.txt").read_text().split() if "==" in line)}
    assert pins["soupsieve"] == "2.10"
    installed = {}
    for dist in metadata.distributions():
        name = normal(dist.metadata["Name"])
        if pins.get(name) == dist.version:
            installed[name] = dist.metadata.get("Requires-Python")
    assert len(installed) > 100, "the test environment should be the one `make setup` installs under constraints.txt"
    assert pins_refusing("3.11.0", installed) == []


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_make_setup_refuses_python_3_10_by_name_before_making_a_venv(tmp_path):
    copy = checkout_copy(tmp_path)
    old = fake_python(tmp_path / "python3.10", (3, 10, 12))
    done = subprocess.run([MAKE, "setup", f"PYTHON={old}"], cwd=copy, capture_output=True, text=True)
    assert done.returncode != 0
    assert f"Python 3.10.12 ({old}) is too old for this course: it needs Python 3.11 or newer" in done.stderr
    assert "cannot run" not in done.stderr and not (copy / ".venv").exists()


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_a_venv_made_by_an_unsupported_python_is_rebuilt(tmp_path):
    copy = checkout_copy(tmp_path)
    (copy / ".venv" / "bin").mkdir(parents=True)
    fake_python(copy / ".venv" / "bin" / "python", (3, 10, 12))
    newer = fake_python(tmp_path / "python3.12", (3, 12, 1))
    done = subprocess.run([MAKE, "setup", f"PYTHON={newer}"], cwd=copy, capture_output=True, text=True)
    assert "make: .venv is broken (it was made by Python 3.10.12, older than the course supports); " \
           "rebuilding it from scratch." in done.stdout
    # The rebuild then runs the (fake) new Python's venv module, which is where the fake stops.
    assert "fake Python 3.12.1 cannot run: -m venv .venv" in done.stderr
    assert not (copy / ".venv" / "bin" / "python").exists()


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_a_venv_made_by_another_python_than_the_one_named_is_rebuilt(tmp_path):
    copy = checkout_copy(tmp_path)
    (copy / ".venv" / "bin").mkdir(parents=True)
    fake_python(copy / ".venv" / "bin" / "python", (3, 11, 2))
    newer = fake_python(tmp_path / "python3.12", (3, 12, 1))
    done = subprocess.run([MAKE, "setup", f"PYTHON={newer}"], cwd=copy, capture_output=True, text=True)
    assert "make: .venv is broken (it was made by Python 3.11.2 (" in done.stdout
    assert f"not by the PYTHON asked for, 3.12.1 ({newer})); rebuilding it from scratch." in done.stdout
    assert not (copy / ".venv" / "bin" / "python").exists()


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_without_a_named_python_a_supported_venv_is_kept(tmp_path):
    """`make test` after `make setup PYTHON=python3.12` must not rebuild because the default python3 differs."""
    copy = checkout_copy(tmp_path)
    (copy / ".venv" / "bin").mkdir(parents=True)
    fake_python(copy / ".venv" / "bin" / "python", (3, 12, 1))
    env = {key: value for key, value in os.environ.items() if key != "PYTHON"}
    done = subprocess.run([MAKE, "venv-check"], cwd=copy, capture_output=True, text=True, env=env)
    assert "rebuilding" not in done.stdout and (copy / ".venv" / "bin" / "python").exists()
