"""``tools/venv_check.py``, the Makefile's venv check: it tells a healthy venv from one to reinstall into
(exit 2) and one to rebuild (exit 1), each in a situation built in tmp_path, never the machine's own venv."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import lrdecay_lessons

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / "tools" / "venv_check.py"
#: The checkout the course package is imported from in this process (the venv's, or PYTHONPATH's).
THIS_CHECKOUT = Path(lrdecay_lessons.__file__).resolve().parents[1]


@pytest.fixture()
def venv_check():
    spec = importlib.util.spec_from_file_location("venv_check", CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def fake_bin(tmp_path, monkeypatch, venv_check):
    """A venv's bin/ with its console scripts, run by this process's (existing) interpreter."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    for script in venv_check.SCRIPTS:
        (bin_dir / script).write_text(f"#!{sys.executable}\nimport sys\n")
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.setattr(venv_check, "NEEDED", ("numpy", "pytest"))
    return bin_dir


def test_a_complete_venv_importing_the_course_from_the_checkout_is_healthy(venv_check, fake_bin):
    assert venv_check.problem(str(THIS_CHECKOUT)) == (0, "healthy")


def test_the_course_imported_from_another_checkout_needs_a_reinstall(venv_check, fake_bin, tmp_path):
    status, reason = venv_check.problem(str(tmp_path / "other"))
    assert status == 2
    assert reason == (f"the course package is imported from {THIS_CHECKOUT / 'lrdecay_lessons'}, "
                      f"not from {os.path.realpath(tmp_path / 'other' / 'lrdecay_lessons')}")


def test_a_missing_console_script_needs_a_reinstall(venv_check, fake_bin):
    (fake_bin / "jupyter").unlink()
    assert venv_check.problem(str(THIS_CHECKOUT)) == (2, "jupyter is missing")


def test_a_script_whose_interpreter_is_gone_needs_a_new_venv(venv_check, fake_bin, tmp_path):
    gone = tmp_path / "moved" / "bin" / "python"
    (fake_bin / "lint-imports").write_text(f"#!{gone}\nimport sys\n")
    assert venv_check.problem(str(THIS_CHECKOUT)) == (1, f"lint-imports runs {gone}, which is gone (was .venv moved?)")


def test_a_missing_dependency_is_named(venv_check, fake_bin, monkeypatch):
    monkeypatch.setattr(venv_check, "NEEDED", ("numpy", "no_such_module_in_any_venv", "pytest"))
    assert venv_check.problem(str(THIS_CHECKOUT)) == (2, "missing: no_such_module_in_any_venv")


def test_the_command_line_prints_the_reason_and_exits_with_its_status(tmp_path):
    # -I as the Makefile runs it: whatever venv runs the tests, a package imported from tmp_path is impossible.
    done = subprocess.run([sys.executable, "-I", str(CHECK), str(tmp_path)], capture_output=True, text=True)
    assert done.returncode in (1, 2) and done.stderr == ""
    assert len(done.stdout.splitlines()) == 1 and done.stdout.strip() != "healthy"


#: Distributions whose import name differs from their name.
IMPORT_NAME = {"scikit-learn": "sklearn", "pytest-xdist": "xdist", "import-linter": "importlinter"}


def test_every_dependency_the_course_declares_is_checked(venv_check):
    """Each runtime and test dependency of pyproject.toml (anywidget, for the browser panels, too) is in NEEDED."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    names = [re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower() for requirement in declared]
    modules = [IMPORT_NAME.get(name, name.replace("-", "_")) for name in names]
    assert "anywidget" in modules
    assert [m for m in modules if m not in venv_check.NEEDED] == []
