"""The Makefile's venv check (tools/venv_check.py) tells a healthy venv from an incomplete one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / "tools" / "venv_check.py"


def _run(checkout: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-I", str(CHECK), str(checkout)], capture_output=True, text=True)


def test_this_venv_is_healthy():
    done = _run(ROOT)
    assert (done.returncode, done.stdout.strip()) == (0, "healthy")


def test_a_venv_installed_from_another_checkout_needs_a_reinstall(tmp_path):
    done = _run(tmp_path)
    assert done.returncode == 2
    assert "the course package is imported from" in done.stdout and str(tmp_path) in done.stdout


def test_the_makefile_runs_the_check_before_every_target_that_uses_the_venv():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "notebooks", "book", "slides", "benchmark"):
        assert re.search(rf"^{target}: setup\b", makefile, re.M), target
    assert "tools/venv_check.py" in makefile and "--port=$(strip $(PORT))" in makefile
    assert "make clean" in (ROOT / "README.md").read_text()


def test_jupyterlab_saves_widget_state_in_the_course_environment():
    """`make setup` installs overrides.json, so a saved and reopened chapter keeps its panels."""
    import json
    import sys

    prefix = Path(sys.prefix)
    overrides = json.loads((prefix / "share/jupyter/lab/settings/overrides.json").read_text())
    setting = overrides["@jupyter-widgets/jupyterlab-manager:plugin"]
    assert setting == {"saveState": True}
    schema = prefix / "share/jupyter/labextensions/@jupyter-widgets/jupyterlab-manager/schemas" \
        / "@jupyter-widgets/jupyterlab-manager/plugin.json"
    assert "saveState" in json.loads(schema.read_text())["properties"]  # the setting the widget manager reads
