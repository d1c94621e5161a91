"""``python -m lrdecay_lessons.experiments``: re-check every claim (see :mod:`.claims`)."""

import sys

from .claims import main

sys.exit(main())
