"""Start JupyterLab on the course, or on a writable copy of it when the course folder is read-only.

    python tools/work_copy.py [--always] COURSE_DIR COPY_DIR -- JUPYTER_COMMAND...

With a writable COURSE_DIR (a clone of your own) this runs the command with COURSE_DIR's course map
appended, from the current folder, as before. With a read-only one (a shared install) JupyterLab could
open the chapters but save nothing, and offers "Save as..." into the same folder: so the chapters are
copied into COPY_DIR (only files not already there: your saved work is never overwritten), this says
so, and JupyterLab starts there. ``make lab`` runs it (COPY_DIR: ``~/lrdecay-lessons-work``, or
``make lab WORK_COPY=...``). ``--always`` (``make lab-copy``) works on the copy even in a writable clone,
so what a learner runs and saves never touches the clone and a later ``git pull`` cannot conflict.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

COURSE_MAP = "00_course_map.ipynb"


def writable(folder: Path) -> bool:
    """Whether files in ``folder`` can be saved (a read-only mount is read-only for root too)."""
    return os.access(folder, os.W_OK) and all(os.access(path, os.W_OK) for path in folder.glob("*.ipynb"))


def copy_missing(course: Path, copy: Path) -> list[str]:
    """Copy the course's files into ``copy`` where it has none of that name; the names copied."""
    copy.mkdir(parents=True, exist_ok=True)
    copied = []
    for source in sorted(course.iterdir()):
        target = copy / source.name
        if source.is_file() and not target.exists():
            shutil.copyfile(source, target)  # contents only: the copy is the learner's, writable
            copied.append(source.name)
    return copied


def where_to_open(course: Path, copy: Path, say=print, always: bool = False) -> tuple[Path, str]:
    """``(folder to start in, notebook to open)``: the course as it is, or the writable copy (read-only
    course, or ``always``)."""
    if writable(course) and not always:
        return Path.cwd(), os.path.relpath(course / COURSE_MAP)
    copied = copy_missing(course, copy)
    if not always:
        say(f"make lab: the course folder {course.resolve()} is read-only, so nothing could be saved there.")
    say(f"make lab: working on your own copy in {copy.resolve()} "
        + (f"({len(copied)} files copied now; " if copied else "(nothing new to copy; ")
        + "files you already have there are kept). Save your work there.")
    return copy, COURSE_MAP


def main(argv: list[str]) -> int:
    always = argv[:1] == ["--always"]
    argv = argv[1:] if always else argv
    if "--" not in argv or argv.index("--") != 2 or len(argv) < 4:
        print("usage: work_copy.py [--always] COURSE_DIR COPY_DIR -- JUPYTER_COMMAND...", file=sys.stderr)
        return 2
    course, copy, command = Path(argv[0]), Path(os.path.expanduser(argv[1])), argv[3:]
    command[0] = shutil.which(command[0]) or os.path.abspath(command[0])  # before a change of folder
    folder, notebook = where_to_open(course, copy, lambda line: print(line, file=sys.stderr, flush=True), always)
    os.chdir(folder)
    os.execv(command[0], [*command, notebook])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
