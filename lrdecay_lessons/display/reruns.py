"""A notebook cell run again replaces the panels its earlier run made.

A learner re-runs a panel cell often. Each run builds new widgets and a new figure; the old ones stay
alive as long as ipywidgets keeps the widgets in its registry (until they are closed), with the
figure and everything their callbacks hold -- about 10 MiB per re-run of a training panel. So each
panel is recorded under the notebook cell that made it (the ``cellId`` JupyterLab sends with every
execute request), and when that cell runs again (a new request) the panels of its earlier run are
closed: their widgets leave the registry and their figures are freed.

Outside a kernel, or for a request without a cell id (a script, nbclient), nothing is recorded.

The record is this module's one piece of state, the kernel-wide fact "which panels did each cell
make last", which no caller holds.
"""

from __future__ import annotations

from typing import Any, Optional, Protocol

__all__ = ["current_cell", "replace_in_cell"]


class Closable(Protocol):
    def close(self) -> None: ...


#: cell id -> (id of the request that ran it last, the panels that run made)
_made_by_cell: dict[str, tuple[str, list[Closable]]] = {}


def current_cell() -> Optional[tuple[str, str]]:
    """``(cell id, request id)`` of the notebook cell running now, or ``None`` when there is none."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    kernel: Any = getattr(get_ipython(), "kernel", None)
    if kernel is None or not hasattr(kernel, "get_parent"):
        return None
    try:
        parent = kernel.get_parent("shell") or {}
    except Exception:  # an ipykernel whose get_parent takes no channel, or none set yet
        return None
    cell = (parent.get("metadata") or {}).get("cellId")
    request = (parent.get("header") or {}).get("msg_id")
    return (str(cell), str(request)) if cell and request else None


def replace_in_cell(panel: Closable, cell: Optional[tuple[str, str]] = None) -> int:
    """Record ``panel`` under the running cell and close what an earlier run of that cell made.

    Parameters
    ----------
    panel : object with ``close()``
        The new panel.
    cell : (cell id, request id), optional
        Where it is made; by default :func:`current_cell`.

    Returns
    -------
    int
        How many earlier panels were closed.
    """
    where = current_cell() if cell is None else cell
    if where is None:
        return 0
    cell_id, request = where
    last_request, panels = _made_by_cell.get(cell_id, (request, []))
    closed = 0
    if last_request != request:
        for old in panels:
            old.close()
        closed, panels = len(panels), []
    _made_by_cell[cell_id] = (request, [*panels, panel])
    return closed
