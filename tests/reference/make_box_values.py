"""Record the framework boxes of chapters 07-10 (``lrdecay_lessons/frameworks/experiment_boxes.py``).

Not run by the test suite (torch and transformers are not dependencies). To regenerate
``lrdecay_lessons/frameworks/data/box_values.json``::

    python3.11 -m venv /tmp/rec-boxes
    /tmp/rec-boxes/bin/pip install torch==2.13.0 transformers==5.24.0 numpy
    /tmp/rec-boxes/bin/python tests/reference/make_box_values.py

Each box's code is run *as it stands*; for every entry of its ``schedulers`` a fresh SGD optimizer
(one parameter, ``lr=peak``) is stepped ``T`` times, and ``rates[i]`` is the rate the ``i``-th update
used (read from the optimizer before ``optimizer.step()``, then ``scheduler.step()`` after it).
``code`` is the text that was run, so a test notices a box edited without re-recording.
"""

from __future__ import annotations

import json
import platform
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
import transformers  # noqa: E402

from lrdecay_lessons.frameworks.experiment_boxes import BOXES, DATA_FILE  # noqa: E402

DATA = ROOT / "lrdecay_lessons" / "frameworks" / "data" / DATA_FILE


def rates_of(make, peak: float, steps: int) -> list[float]:
    parameter = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = torch.optim.SGD([parameter], lr=peak)
    scheduler = make(optimizer)
    rates = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")        # a scheduler warning would mean the loop is wrong
        for _ in range(steps):
            rates.append(float(optimizer.param_groups[0]["lr"]))
            parameter.grad = torch.ones_like(parameter)
            optimizer.step()
            scheduler.step()
    return rates


def main() -> None:
    boxes = {}
    for key, box in BOXES.items():
        namespace: dict = {}
        exec(box.code, namespace)  # the text shown in the chapter, as it stands
        steps = namespace["T"]
        boxes[key] = {"code": box.code, "peak": box.peak, "steps": steps,
                      "rates": {name: rates_of(make, box.peak, steps) for name, make in namespace["schedulers"].items()}}
        print(key, len(boxes[key]["rates"]), "schedules")
    versions = {"torch": torch.__version__, "transformers": transformers.__version__,
                "python": platform.python_version()}
    DATA.write_text(json.dumps({"how": __doc__, "generated_with": versions, "boxes": boxes}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    print("wrote", DATA, DATA.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
