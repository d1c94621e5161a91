"""Record PyTorch's autograd gradients of small ReLU networks, to check the NumPy back-propagation.

To regenerate ``lrdecay_lessons/frameworks/data/mlp_values.json`` (torch is not a dependency
of the course; record in a separate environment)::

    python -m venv /tmp/rec && /tmp/rec/bin/pip install torch==2.13.0 numpy
    /tmp/rec/bin/python tests/reference/make_mlp_values.py

Each case fixes the weights, a batch and its labels (or targets), builds the same network in
``torch.nn`` terms (``x @ W + b``, ReLU between layers) in float64, and records the mean loss
(cross-entropy, as ``torch.nn.functional.cross_entropy``; or half the squared error summed
over the outputs) and the gradient of every weight and bias.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parents[2] / "lrdecay_lessons" / "frameworks" / "data" / "mlp_values.json"

CASES = [
    {"hidden": [5], "head": "softmax", "n_features": 4, "n_outputs": 3, "batch": 7},
    {"hidden": [6, 4], "head": "softmax", "n_features": 3, "n_outputs": 10, "batch": 9},
    {"hidden": [4, 4, 3], "head": "squared_error", "n_features": 2, "n_outputs": 1, "batch": 6},
    {"hidden": [3, 3, 3, 3, 3], "head": "squared_error", "n_features": 5, "n_outputs": 2, "batch": 4},
]


def record(case: dict, rng: np.random.Generator) -> dict:
    sizes = [case["n_features"], *case["hidden"], case["n_outputs"]]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params.append(rng.normal(size=(fan_in, fan_out)))
        params.append(rng.normal(size=fan_out) * 0.5)
    X = rng.normal(size=(case["batch"], case["n_features"]))
    if case["head"] == "softmax":
        y = rng.integers(0, case["n_outputs"], size=case["batch"])
    else:
        y = rng.normal(size=(case["batch"], case["n_outputs"]))
    tensors = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in params]
    a = torch.tensor(X, dtype=torch.float64)
    for layer in range(len(case["hidden"])):
        a = torch.relu(a @ tensors[2 * layer] + tensors[2 * layer + 1])
    z = a @ tensors[-2] + tensors[-1]
    if case["head"] == "softmax":
        loss = torch.nn.functional.cross_entropy(z, torch.tensor(y))
    else:
        loss = 0.5 * ((z - torch.tensor(y, dtype=torch.float64)) ** 2).sum(dim=1).mean()
    loss.backward()
    return {**case, "params": [p.tolist() for p in params], "X": X.tolist(), "y": y.tolist(),
            "loss": loss.item(), "grads": [t.grad.numpy().tolist() for t in tensors]}


def main() -> None:
    rng = np.random.default_rng(20261201)
    data = {"generated_with": {"torch": torch.__version__, "numpy": np.__version__,
                               "python": platform.python_version()},
            "how": __doc__,
            "cases": [record(case, rng) for case in CASES]}
    OUT.write_text(json.dumps(data) + "\n")
    print(f"wrote {len(data['cases'])} cases to {OUT}")


if __name__ == "__main__":
    main()
