"""`make lab` on a read-only course folder (a shared install) works on a writable copy
(tools/work_copy.py): it copies what the copy lacks, keeps what the learner saved there, and says so."""

from __future__ import annotations

import importlib.util
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "work_copy.py"


@pytest.fixture()
def work_copy():
    spec = importlib.util.spec_from_file_location("work_copy", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def course(tmp_path):
    folder = tmp_path / "course" / "notebooks"
    folder.mkdir(parents=True)
    for name in ("00_course_map.ipynb", "02_step_decay.ipynb"):
        (folder / name).write_text(f"the course's {name}")
    return folder


def test_a_writable_course_is_opened_where_it_is(work_copy, course, tmp_path, monkeypatch):
    monkeypatch.chdir(course.parent)
    said = []
    assert work_copy.where_to_open(course, tmp_path / "copy", said.append) == (
        course.parent, os.path.join("notebooks", "00_course_map.ipynb"))
    assert said == [] and not (tmp_path / "copy").exists()


def test_a_read_only_course_is_copied_without_overwriting_saved_work(work_copy, course, tmp_path, monkeypatch):
    monkeypatch.setattr(work_copy, "writable", lambda folder: False)
    copy = tmp_path / "home" / "lrdecay-lessons-work"
    copy.mkdir(parents=True)
    (copy / "02_step_decay.ipynb").write_text("the learner's saved work")
    said = []
    assert work_copy.where_to_open(course, copy, said.append) == (copy, "00_course_map.ipynb")
    assert (copy / "00_course_map.ipynb").read_text() == "the course's 00_course_map.ipynb"
    assert (copy / "02_step_decay.ipynb").read_text() == "the learner's saved work"
    assert said[0] == f"make lab: the course folder {course.resolve()} is read-only, so nothing could be saved there."
    assert said[1].startswith(f"make lab: working on your own copy in {copy.resolve()} (1 files copied now;")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write a read-only folder")
def test_a_folder_without_write_permission_is_read_only(work_copy, course):
    course.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert not work_copy.writable(course)
    finally:
        course.chmod(stat.S_IRWXU)
    assert work_copy.writable(course)


def test_the_command_runs_in_the_chosen_folder_on_the_course_map(course, tmp_path):
    fake = tmp_path / "fake-jupyter"
    fake.write_text('#!/bin/sh\necho "$(pwd)|$*"\n')
    fake.chmod(0o755)
    done = subprocess.run([sys.executable, str(TOOL), "notebooks", str(tmp_path / "copy"), "--", str(fake), "lab",
                           "--ip=127.0.0.1"], cwd=course.parent, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{course.parent}|lab --ip=127.0.0.1 notebooks/00_course_map.ipynb"


def test_make_lab_runs_jupyter_through_it():
    makefile = (ROOT / "Makefile").read_text()
    assert ('$(LAB_ENV) $(BIN)/python tools/work_copy.py $(COURSE_DIR) "$(COPY_DIR)" -- $(BIN)/jupyter lab '
            '--ip=127.0.0.1' in makefile)
    # make lab LANG=zh (or a Chinese locale): the Chinese edition, in a JupyterLab set to zh_CN.
    assert "COURSE_DIR := $(if $(filter zh,$(EDITION)),notebooks/zh,notebooks)" in makefile
    assert "EDITION := $(if $(filter zh%,$(LANG)),zh,en)" in makefile
    assert "WORK_COPY ?= $(HOME)/lrdecay-lessons-work" in makefile


def test_a_read_only_mount_is_worked_on_in_the_copy(course, tmp_path):
    """A real read-only course folder (a read-only bind mount in a mount namespace of its own, where allowed)."""
    import shutil

    if shutil.which("unshare") is None:
        pytest.skip("needs unshare")
    fake = tmp_path / "fake-jupyter"
    fake.write_text('#!/bin/sh\necho "$(pwd)|$*"\n')
    fake.chmod(0o755)
    copy = tmp_path / "copy"
    script = (f'mount --bind "{course}" "{course}" && mount -o remount,bind,ro "{course}" || exit 77; '
              f'exec "{sys.executable}" "{TOOL}" notebooks "{copy}" -- "{fake}" lab')
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=course.parent, capture_output=True, text=True)
    if done.returncode == 77 or "unshare failed" in done.stderr or "Operation not permitted" in done.stderr:
        pytest.skip("no mount namespace here")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{copy}|lab 00_course_map.ipynb"
    assert "is read-only, so nothing could be saved there" in done.stderr
    assert sorted(p.name for p in copy.iterdir()) == ["00_course_map.ipynb", "02_step_decay.ipynb"]


def test_always_works_on_the_copy_of_a_writable_course_too(work_copy, course, tmp_path, monkeypatch):
    """`make lab-copy`: a learner's runs and saves stay out of the clone, so `git pull` cannot conflict."""
    monkeypatch.chdir(course.parent)
    copy = tmp_path / "copy"
    said = []
    assert work_copy.writable(course)
    assert work_copy.where_to_open(course, copy, said.append, always=True) == (copy, "00_course_map.ipynb")
    assert sorted(p.name for p in copy.iterdir()) == ["00_course_map.ipynb", "02_step_decay.ipynb"]
    assert len(said) == 1 and said[0].startswith(f"make lab: working on your own copy in {copy.resolve()} (2 files")
    assert (course / "02_step_decay.ipynb").read_text() == "the course's 02_step_decay.ipynb"


def test_make_lab_copy_passes_always_on_the_command_line(course, tmp_path):
    fake = tmp_path / "fake-jupyter"
    fake.write_text('#!/bin/sh\necho "$(pwd)|$*"\n')
    fake.chmod(0o755)
    copy = tmp_path / "copy"
    done = subprocess.run([sys.executable, str(TOOL), "--always", "notebooks", str(copy), "--", str(fake), "lab"],
                          cwd=course.parent, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{copy}|lab 00_course_map.ipynb"
    makefile = (ROOT / "Makefile").read_text()
    assert ('lab-copy: setup\n\t@$(if $(LAB_EXTRA),$(MAKE) --no-print-directory $(LAB_EXTRA),true)\n'
            '\t$(LAB_ENV) $(BIN)/python tools/work_copy.py --always $(COURSE_DIR) "$(COPY_DIR)" -- '
            '$(BIN)/jupyter lab --ip=127.0.0.1') in makefile
