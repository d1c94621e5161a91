"""The Makefile: it runs the venv check before every target that uses the venv, and `make setup` installs
the JupyterLab setting that saves the widgets' state with a notebook."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_makefile_runs_the_check_before_every_target_that_uses_the_venv():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "notebooks", "book", "slides", "benchmark"):
        assert re.search(rf"^{target}: setup\b", makefile, re.M), target
    assert "tools/venv_check.py" in makefile and "--port=$(strip $(PORT))" in makefile
    assert "make clean" in (ROOT / "README.md").read_text()


def test_setup_installs_the_setting_that_saves_widget_state():
    """The settings file `make setup` copies into the venv, so a saved and reopened chapter keeps its panels."""
    makefile = (ROOT / "Makefile").read_text()
    assert "cp tools/lab_overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json" in makefile
    overrides = json.loads((ROOT / "tools" / "lab_overrides.json").read_text())
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"] == {"saveState": True}
    # The name is one the installed widget manager reads (its schema is package data of jupyterlab_widgets).
    schema = Path(sys.prefix) / "share/jupyter/labextensions/@jupyter-widgets/jupyterlab-manager/schemas" \
        / "@jupyter-widgets/jupyterlab-manager/plugin.json"
    assert "saveState" in json.loads(schema.read_text())["properties"]


def test_the_readme_faq_answers_what_the_course_cannot_fix():
    """Issue 27, items 8 and 9: the modified mark on opening (upstream widget manager; taken back by the
    course's extension, tests/test_labextension.py) and IPython's own
    AssertionError on interrupting chapter 07 (ipython#13615) are explained where learners look, with what
    to do; so are a read-only course folder and keeping one's runs out of the clone."""
    readme = (ROOT / "README.md").read_text()
    faq = readme[readme.index("## When something looks odd (FAQ)"):]
    faq = faq[:faq.index("\n## ", 1)]
    modified = faq[faq.index('"modified" dot right after opening'):faq.index("* **Interrupting chapter 07**")]
    for needed in ("harmless", "ipywidgets#3888", "What to do: nothing", "git checkout -- notebooks/",
                   "make lab-copy", "lab_save.py", "labextension/src/index.ts", "run `make setup`",
                   "lrdecay-lessons-open-unmodified", "an edit, or a cell you run, marks it modified"):
        assert needed in modified, needed
    interrupt = faq[faq.index("* **Interrupting chapter 07**"):]
    for needed in ("ipython#13615", "AssertionError", "Restart Kernel"):
        assert needed in interrupt, needed
    assert "is read-only" in faq and "~/lrdecay-lessons-work" in faq
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab-copy: setup\b", makefile, re.M)
