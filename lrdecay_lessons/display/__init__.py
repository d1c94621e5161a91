"""How the course looks: the projector style, curves and figures, slider panels, tables and callouts.

Job: generic display helpers that know nothing of schedules or training -- a schedule is just
a function of the step to them. May import: Matplotlib, ipywidgets, IPython, NumPy; of ours
only errors and i18n (the language of what it shows).
"""

from .plotting import (
    COURSE_STYLE,
    DISTINCT_STYLES,
    PALETTE,
    palette_colour,
    Curve,
    mark_points,
    mark_step,
    new_figure,
    plot_curves,
    schedule_curve,
    steps_for,
    use_course_style,
)
from .tables import Callout, Table, format_number
from . import reruns
from .widgets import Choice, Slider, schedule_panel
from .browser_panel import BrowserPanel
from .panel_spec import (
    Axes, Band, Check, Choose, Computed, Control, Descent, Fixed, Formula, Level, Line, Matched, Op, Outcome, Plateau, Share, Sorted, Warmup)
from .path_axes import Contours, PathAxes, PathLine

__all__ = [
    "COURSE_STYLE", "DISTINCT_STYLES", "PALETTE", "palette_colour", "Curve", "use_course_style", "new_figure", "steps_for",
    "schedule_curve", "plot_curves", "mark_points", "mark_step",
    "Table", "Callout", "format_number",
    "Slider", "Choice", "schedule_panel",
    "BrowserPanel", "Axes", "Line", "Band", "Formula", "Warmup", "Fixed", "Level", "Computed", "Control", "Sorted",
    "Op", "Matched", "Share", "Plateau", "Descent", "Outcome", "Check", "Choose", "PathAxes", "PathLine", "Contours",
]
