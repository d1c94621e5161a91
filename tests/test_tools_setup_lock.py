"""Two `make setup` in one checkout: the second says the first is running and waits for it
(tools/setup_lock.py, which the Makefile's setup target runs around the whole set-up)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "tools" / "setup_lock.py"


def test_a_second_setup_waits_for_the_first_and_says_so(tmp_path):
    log = tmp_path / "log"
    # A fake install step: it logs its start, takes a while, logs its end.
    step = ["sh", "-c", f'echo "start $$$$" >> {log}; sleep 1.5; echo "end $$$$" >> {log}']
    first = subprocess.Popen([sys.executable, str(LOCK), str(tmp_path / "venv.lock"), *step],
                             stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (log.exists() and log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run([sys.executable, str(LOCK), str(tmp_path / "venv.lock"), *step],
                            capture_output=True, text=True, timeout=60)
    first_out, _ = first.communicate(timeout=60)
    assert first.returncode == 0 and second.returncode == 0 and first_out == ""
    events = log.read_text().split("\n")[:-1]
    assert [event.split()[0] for event in events] == ["start", "end", "start", "end"]
    assert events[0].split()[1] == events[1].split()[1] != events[2].split()[1]
    assert re.fullmatch(rf"make: another `make setup` is running in this folder \(process {first.pid}\); "
                        r"waiting for it to finish\.\nmake: the other set-up has finished; checking \.venv again\.\n",
                        second.stdout)


def test_the_lock_passes_on_the_command_s_exit_status_and_is_free_afterwards(tmp_path):
    lock = str(tmp_path / "venv.lock")
    assert subprocess.run([sys.executable, str(LOCK), lock, "sh", "-c", "exit 7"]).returncode == 7
    done = subprocess.run([sys.executable, str(LOCK), lock, "true"], capture_output=True, text=True, timeout=10)
    assert done.returncode == 0 and done.stdout == ""


def test_make_setup_runs_the_whole_set_up_under_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    setup = makefile[makefile.index("\nsetup:"):makefile.index("\nsetup-locked:")]
    assert "tools/setup_lock.py $(VENV).lock $(MAKE) --no-print-directory setup-locked" in setup
