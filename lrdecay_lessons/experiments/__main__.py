"""``python -m lrdecay_lessons.experiments``: re-check every claim (see :mod:`.claims`)."""

import sys

from .claims import main

# The guard keeps ``claims.all_claims``, which imports every module of this package, from running the CLI.
if __name__ == "__main__":
    sys.exit(main())
