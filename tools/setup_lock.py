"""Run a command while holding a lock file, so two ``make setup`` in one checkout never build .venv at once.

    python3 tools/setup_lock.py LOCKFILE COMMAND [ARG...]

The second one says that another set-up is running (with its process id) and waits for it; when the
first is done it goes on, and usually finds .venv complete. The lock is ``fcntl.flock`` on LOCKFILE: the
system drops it when its holder exits, even on Ctrl+C or a crash, so a stale lock file never blocks.
Standard library, syntax any Python since 2.7 parses (``$(PYTHON)`` runs it before anything checks it).
"""

from __future__ import print_function

import fcntl
import os
import subprocess
import sys


def hold(lock_path, command, say=print):
    """Run ``command`` (a list) holding the lock at ``lock_path``; return its exit status."""
    handle = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (IOError, OSError):
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            say("make: another `make setup` is running in this folder (process %s); waiting for it to finish."
                % holder)
            fcntl.flock(handle, fcntl.LOCK_EX)
            say("make: the other set-up has finished; checking .venv again.")
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        return subprocess.call(command)
    finally:
        handle.close()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: setup_lock.py LOCKFILE COMMAND [ARG...]")
    sys.exit(hold(sys.argv[1], sys.argv[2:]))
