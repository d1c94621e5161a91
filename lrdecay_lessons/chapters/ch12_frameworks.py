r"""Views of the framework table (框架对照) for chapter 12: readable tables, side-by-side checks, traps.

:mod:`lrdecay_lessons.frameworks` holds the data (:data:`~lrdecay_lessons.frameworks.TRANSLATIONS`,
:data:`~lrdecay_lessons.frameworks.TRAPS`, :func:`~lrdecay_lessons.frameworks.framework_records`);
this module only arranges it for a projector:

* :func:`framework_table` — every row as a table; :func:`framework_view` — one framework's
  built-in rows (our schedule, their name, how each parameter translates, where it agrees);
  :func:`missing_view` — what to use where there is no built-in;
* :func:`lookup_view` and :class:`ScheduleLookup` — one schedule in all four frameworks, with
  the code its worked example becomes (a dropdown in a live notebook);
* :func:`side_by_side` — our call next to the framework's, and the rates of both (and of the
  real library, where it was recorded) at a few steps;
* :func:`trap_view` — a trap's text with its computed demonstration as a table;
* :func:`recorded_versions` — the library versions the recorded values come from
  (read by :mod:`lrdecay_lessons.frameworks.recorded`; the libraries themselves are not needed).

    >>> check = side_by_side("cosine_annealing", "keras", {"lr0": 0.1, "total_steps": 20, "lr_min": 0.01},
    ...                      steps=[0, 10, 20, 30])
    >>> check.their_call
    'CosineDecay(initial_learning_rate=0.1, decay_steps=20, alpha=0.1)'
    >>> bool(check.agrees.all())
    True
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

import ipywidgets as w
import numpy as np
from IPython.display import display

from .. import frameworks as F
from ..display import Table, format_number
from ..frameworks import (
    DATA_FILES,
    FRAMEWORKS,
    TABLE_COLUMNS,
    RecordedRun,
    framework_records,
    load_data,
    recorded_run,
)
from ..errors import InvalidParameterError
from ..i18n import Text, tr

__all__ = [
    "stepping_view",
    "framework_view",
    "rules_view",
    "missing_view",
    "gaps_view",
    "GapsView",
    "lookup_view",
    "LookupView",
    "ScheduleLookup",
    "SideBySide",
    "side_by_side",
    "TrapView",
    "trap_view",
    "trap_index",
    "short_name",
    "agreement_summary",
    "PREFIXES",
    "framework_table",
    "recorded_versions",
]


#: Module prefixes dropped from names in the per-framework tables (the table title names them).
PREFIXES = {
    "pytorch": "torch.optim.lr_scheduler.",
    "keras": "keras.optimizers.schedules.",
    "huggingface": "transformers.",
    "optax": "optax.",
}


def short_name(framework: str, name: str) -> str:
    """``'torch.optim.lr_scheduler.StepLR'`` -> ``'StepLR'`` (the framework's usual module dropped)."""
    prefix = PREFIXES[framework]
    return name[len(prefix):] if name.startswith(prefix) else name


def _records(frameworks: Sequence[str], schedules: Optional[Sequence[str]] = None) -> list[tuple[str, dict]]:
    """Rows of :func:`~lrdecay_lessons.frameworks.framework_table` with their framework keys."""
    keys = {display: key for key, display in F.FRAMEWORKS.items()}
    return [(keys[record["framework"]], record) for record in F.framework_records(schedules, frameworks)]


def _is_built_in(record: Mapping[str, str]) -> bool:
    return not record["name"].startswith("—")


def stepping_view() -> Table:
    """What ``t`` counts in each framework (:data:`~lrdecay_lessons.frameworks.STEPPING`)."""
    return Table((tr("framework"), tr("what t counts, and when it advances")),
                 [(F.FRAMEWORKS[key], str(text)) for key, text in F.STEPPING.items()],
                 title=tr("One step t, four ways of counting it"))


def framework_view(framework: str) -> Table:
    """One framework's built-in rows of the table: our schedule, its name, agreement (short cells).

    The parameter rules are :func:`rules_view`'s, one rule a row.
    """
    if framework not in F.FRAMEWORKS:
        raise InvalidParameterError(f"framework must be one of {', '.join(F.FRAMEWORKS)}; got framework={framework!r}.")
    rows = [(r["schedule"], short_name(key, r["name"]), r["agrees"])
            for key, r in _records([framework]) if _is_built_in(r)]
    display = F.FRAMEWORKS[framework]
    return Table((tr("course"), tr("{display} name").format(display=display), tr("equals the course at")), rows,
                 title=tr("{display} ({rstrip}): {n_rows} of {n_COURSE_SCHEDULES} course items built in").format(
                     display=display, rstrip=PREFIXES[framework].rstrip('.'), n_rows=len(rows),
                     n_COURSE_SCHEDULES=len(F.COURSE_SCHEDULES)))


def rules_view(framework: str) -> Table:
    """The parameters of one framework's built-in rows that do not carry over as they are, one a row.

    A parameter with the same name and value on both sides is left out; ``(none)`` marks a
    parameter without a counterpart.
    """
    if framework not in F.FRAMEWORKS:
        raise InvalidParameterError(f"framework must be one of {', '.join(F.FRAMEWORKS)}; got framework={framework!r}.")
    rows = []
    for schedule in F.COURSE_SCHEDULES:
        row = F.translation(schedule, framework)
        if row.name is None:
            continue
        for rule in row.parameters:
            if rule.rule == "same value" and rule.ours == rule.theirs:
                continue
            ours, theirs = rule.ours or F.NO_COUNTERPART, rule.theirs or F.NO_COUNTERPART
            rows.append((schedule, f"{ours} → {theirs}", "" if rule.rule == "same value" else str(rule.rule)))
    display = F.FRAMEWORKS[framework]
    return Table((tr("course"), tr("ours → theirs"), tr("how to convert")), rows,
                 title=tr("{display}: the {n_rows} parameters that change name or value").format(
                     display=display, n_rows=len(rows)))


def missing_view() -> Table:
    """Every (schedule, framework) without a built-in equivalent, and what to use instead."""
    rows = [(r["schedule"], r["framework"], r["parameters"]) for _, r in _records(list(F.FRAMEWORKS))
            if not _is_built_in(r)]
    return Table((tr("course"), tr("framework"), tr("no built-in: what to use instead")), rows,
                 title=tr("The {n_rows} gaps in the table").format(n_rows=len(rows)))


@dataclass(frozen=True)
class GapsView:
    """:func:`missing_view` as a list grouped by course item, the suggested code in monospace, not in table cells."""

    table: Table

    def groups(self) -> dict[str, list[tuple[str, str]]]:
        """``{course item: [(framework, what to use instead), ...]}`` in the table's order."""
        out: dict[str, list[tuple[str, str]]] = {}
        for schedule, framework, text in self.table.rows:
            out.setdefault(schedule, []).append((framework, text))
        return out

    def __repr__(self) -> str:
        lines = [self.table.title]
        for schedule, gaps in self.groups().items():
            lines.append(f"{schedule}:")
            lines += [f"  {framework}: {text}" for framework, text in gaps]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = ["<div style='font-size:1.1em'><b>{escape}</b>".format(escape=html.escape(self.table.title))]
        for schedule, gaps in self.groups().items():
            parts.append("<p style='margin:0.5em 0 0.1em'><code>{escape}</code></p><ul style='margin:0'>".format(
                escape=html.escape(schedule)))
            parts += ["<li><b>{escape}</b>: <span style='font-family:monospace'>{escape2}</span></li>".format(
                escape=html.escape(framework), escape2=html.escape(text))
                      for framework, text in gaps]
            parts.append("</ul>")
        return "".join(parts) + "</div>"


def gaps_view() -> GapsView:
    """Every (schedule, framework) without a built-in, grouped by course item (:func:`missing_view`'s rows)."""
    return GapsView(missing_view())


def lookup_view(schedule: str) -> Table:
    """One course schedule in every framework: name, the worked example's code, traps."""
    rows = []
    for key, r in _records(list(F.FRAMEWORKS), [schedule]):
        if _is_built_in(r):
            rows.append((r["framework"], r["example"] or short_name(key, r["name"]), r["traps"] or "—"))
        else:
            rows.append((r["framework"], tr("no built-in: ") + r["parameters"], "—"))
    example = F.translation(schedule, "pytorch").example
    shown = ", ".join(f"{k}={v!r}" for k, v in example.items())
    return Table((tr("framework"), tr("code for the worked example"), tr("traps")), rows,
                 title=f"{schedule}({shown})" if shown else schedule)


@dataclass(frozen=True)
class LookupView:
    """:func:`lookup_view` laid out for reading: each framework's code in a code block, its traps as a list."""

    table: Table

    def __repr__(self) -> str:
        lines = [self.table.title]
        for framework, code, traps in self.table.rows:
            lines += ["", f"{framework}:", f"    {code}"]
            if traps != "—":
                lines.append(tr("    traps: {traps}").format(traps=traps))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = ["<div style='font-size:1.1em'><b>{escape}</b>".format(escape=html.escape(self.table.title))]
        for framework, code, traps in self.table.rows:
            parts.append("<p style='margin:0.5em 0 0.1em'><b>{escape}</b></p>".format(escape=html.escape(framework)))
            parts.append("<pre style='background:#f8f9fb;padding:0.4em;white-space:pre-wrap'>{escape}</pre>".format(
                escape=html.escape(code)))
            if traps != "—":
                parts.append("<ul style='margin:0'>" + "".join(f"<li>{html.escape(t)}</li>" for t in traps.split("; "))
                             + "</ul>")
        return "".join(parts) + "</div>"


class _Dropdown(w.Dropdown):
    """A dropdown whose plain-text form names its value (for static readers and nbval)."""

    def _repr_mimebundle_(self, **kwargs: Any) -> Optional[dict]:
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = tr("[dropdown — run the notebook to choose] {description} = {value}").format(
            description=self.description, value=self.value)
        return bundle


class ScheduleLookup:
    """A dropdown of the course's schedules that shows :func:`lookup_view` of the chosen one.

    In a stored notebook the table for the starting choice is an ordinary output, and the
    dropdown reads as one line of text naming it.
    """

    def __init__(self, schedule: str = "cosine_annealing") -> None:
        if schedule not in F.COURSE_SCHEDULES:
            raise InvalidParameterError(f"schedule must be one of {', '.join(F.COURSE_SCHEDULES)}; got schedule={schedule!r}.")
        self.dropdown = _Dropdown(options=list(F.COURSE_SCHEDULES), value=schedule, description=tr("course schedule"),
                                  style={"description_width": "initial"}, layout=w.Layout(width="28em"))
        self._handle = None
        self.dropdown.observe(self._on_change, names="value")

    def table(self) -> Table:
        """The table for the current choice."""
        return lookup_view(self.dropdown.value)

    def view(self) -> LookupView:
        """The current choice laid out with code blocks."""
        return LookupView(self.table())

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if self._handle is not None:
            self._handle.update(self.view())

    def _ipython_display_(self) -> None:
        display(self.dropdown)
        self._handle = display(self.view(), display_id=True)


def _show(value: Any) -> str:
    if isinstance(value, float):
        return repr(float(f"{value:.12g}"))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return repr(value)


@dataclass(frozen=True)
class SideBySide:
    """Our call and a framework's call for the same schedule, and their rates at ``steps``.

    ``theirs`` is the framework's documented formula with our parameters translated;
    ``real`` the rates recorded from the library itself (``None`` where not recorded).
    """

    our_call: str
    framework: str
    their_call: str
    steps: np.ndarray
    ours: np.ndarray
    theirs: np.ndarray
    real: Optional[RecordedRun] = None
    rtol: float = 1e-9

    @property
    def real_values(self) -> Optional[np.ndarray]:
        """The recorded rates at ``steps`` (``None`` if not recorded, or not at every step)."""
        if self.real is None:
            return None
        index = {float(s): i for i, s in enumerate(self.real.steps)}
        if not all(float(s) in index for s in self.steps):
            return None
        return self.real.values[[index[float(s)] for s in self.steps]]

    @property
    def agrees(self) -> np.ndarray:
        """Per step: the formula (and the recorded library, if any) equal our rate."""
        same = np.isclose(self.theirs, self.ours, rtol=self.rtol, atol=1e-12)
        if self.real_values is not None:
            same &= np.isclose(self.real_values, self.ours, rtol=self.rtol, atol=1e-12)
        return same

    def table(self) -> Table:
        """Steps across, one row per source of rates."""
        name = F.FRAMEWORKS[self.framework]
        rows = [[tr("this course"), *self.ours], [tr("{name} formula").format(name=name), *self.theirs]]
        if self.real_values is not None:
            rows.append([self.real.label, *self.real_values])
        rows.append(["equal", *[bool(a) for a in self.agrees]])
        return Table([tr("step t"), *[format_number(float(s)) for s in self.steps]], rows, digits=6)

    def __repr__(self) -> str:
        name = F.FRAMEWORKS[self.framework]
        return tr("# this course\n{our_call}\n# {name}\n{their_call}\n\n{table!r}").format(
            our_call=self.our_call, name=name, their_call=self.their_call, table=self.table())

    def _repr_html_(self) -> str:
        name = F.FRAMEWORKS[self.framework]
        code = (tr("<span style='color:#667085'># this course</span>\n{escape}\n<span style='color:#667085'># "
                   "{escape2}</span>\n{escape3}").format(
                       escape=html.escape(self.our_call), escape2=html.escape(name),
                       escape3=html.escape(self.their_call)))
        return ("<pre style='font-size:1.05em;background:#f8f9fb;padding:0.5em'>{code}</pre>{repr_html_}".format(
            code=code, repr_html_=self.table()._repr_html_()))


def side_by_side(schedule: str, framework: str, our_kwargs: Mapping[str, Any], steps: Sequence[float],
                 total_steps: Optional[int] = None) -> SideBySide:
    """Our schedule and one framework's row, called with the same (translated) parameters.

    Parameters
    ----------
    schedule, framework : str
        A row of :data:`~lrdecay_lessons.frameworks.TRANSLATIONS`.
    our_kwargs : mapping
        Our parameters (``lr0``, ``total_steps``, ...).
    steps : sequence of int
        Where to compare.
    total_steps : int, optional
        Length of training, for rows that need it (see ``Translation.translate``).
    """
    row = F.translation(schedule, framework)
    t = np.asarray(steps, dtype=float)
    ours = np.asarray(F.course_function(schedule)(t, **our_kwargs), dtype=float) * np.ones_like(t)
    theirs = np.asarray(row.evaluate(t, our_kwargs, total_steps), dtype=float) * np.ones_like(t)
    arguments = ", ".join(f"{k}={_show(v)}" for k, v in our_kwargs.items())
    return SideBySide(f"{schedule}(t, {arguments})", framework, row.call(our_kwargs, total_steps),
                      t, ours, theirs, recorded_run(schedule, framework, our_kwargs, total_steps),
                      )


#: A demo's axis entry and the heading of its first column.
_AXES = {"steps": Text("step t"), "update": Text("update"), "metrics": Text("metric given")}


@dataclass(frozen=True)
class TrapView:
    """A trap: its title, the frameworks it hits, its text and its computed demonstration."""

    key: str
    title: str
    frameworks: tuple[str, ...]
    text: str
    call: str
    table: Optional[Table]
    facts: tuple[str, ...]

    def __repr__(self) -> str:
        lines = [f"{self.title} ({', '.join(self.frameworks)})", self.text]
        if self.call:
            lines.append(tr("demo: {call}").format(call=self.call))
        if self.table is not None:
            lines.append(repr(self.table))
        lines += self.facts
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = [tr("<div style='font-size:1.1em'><b>{escape}</b> <span style='color:#475467'>({escape2})</span><p "
                    "style='margin:0.3em 0'>{escape3}</p>").format(
                        escape=html.escape(self.title), escape2=html.escape(', '.join(self.frameworks)),
                        escape3=html.escape(self.text))]
        if self.call:
            parts.append("<pre style='background:#f8f9fb;padding:0.4em'>{escape}</pre>".format(
                escape=html.escape(self.call)))
        if self.table is not None:
            parts.append(self.table._repr_html_())
        if self.facts:
            parts.append("<ul>" + "".join(f"<li>{html.escape(f)}</li>" for f in self.facts) + "</ul>")
        return "".join(parts) + "</div>"


def trap_view(key: str, digits: int = 4) -> TrapView:
    """A trap of :data:`~lrdecay_lessons.frameworks.TRAPS` with its demo laid out as a table.

    List entries of the same length as the demo's steps (or updates, or metrics) become rows;
    other entries become one-line facts. Rows and facts carry the trap's labels
    (:attr:`~lrdecay_lessons.frameworks.Trap.labels`), not the demo's keys.
    """
    if key not in F.TRAPS:
        raise InvalidParameterError(f"key must be one of {', '.join(F.TRAPS)}; got key={key!r}.")
    trap = F.TRAPS[key]
    demo = dict(trap.demo()) if trap.demo is not None else {}
    call = str(demo.pop("call", ""))
    axis = next((k for k in _AXES if k in demo), None)
    table = None
    if axis is not None:
        across = demo.pop(axis)
        names = [k for k, v in demo.items() if isinstance(v, list) and len(v) == len(across)]
        rows = [[trap.label(k), *demo.pop(k)] for k in names]
        columns = [str(_AXES[axis]), *[format_number(v, digits) for v in across]]
        if len(across) > 1 or rows:
            table = Table(columns, rows, digits=digits)
    # Facts keep more digits: they are often the point (float32 vs float64).
    facts = tuple(f"{trap.label(k)}: {format_number(v, 2 * digits)}" for k, v in demo.items())
    names = tuple(F.FRAMEWORKS[f] for f in trap.frameworks)
    return TrapView(key, str(trap.title), names, str(trap.text), call, table, facts)


def trap_index() -> Table:
    """Every trap: its title and the frameworks it hits."""
    rows = [(str(trap.title), ", ".join(F.FRAMEWORKS[f] for f in trap.frameworks)) for trap in F.TRAPS.values()]
    return Table((tr("trap"), tr("frameworks")), rows, title=tr("The {n_rows} traps").format(n_rows=len(rows)))


def agreement_summary(past_end: float = 1.0) -> Table:
    """Every schedule row with a formula, fed its worked example, against our schedule.

    Each row is compared at every whole step from 0 to its horizon ``H`` (the example's
    ``total_steps``, ``step_size``, ``decay_steps``, period, cycle, ten warm-ups, last
    milestone or length of training) plus ``past_end × H``, but not beyond the row's last agreeing step (PyTorch's
    cosine rising again, say). Plateau and composition rows are not schedules of ``t``.

    Returns
    -------
    Table
        Per framework: rows compared, steps compared, the largest relative difference, and the
        rows whose example the framework cannot express.
    """
    from .. import schedules as _schedules

    totals = {key: [0, 0, 0.0, []] for key in F.FRAMEWORKS}
    for row in F.TRANSLATIONS:
        if row.schedule not in _schedules.REGISTRY or row.framework_formula is None:
            continue
        example = dict(row.example)
        horizon = _horizon(example)
        training = F.EXAMPLE_TOTAL_STEPS.get(row.schedule)
        try:
            last = row.last_agreeing_step(example, training)
        except ValueError:
            totals[row.framework][3].append(row.schedule)
            continue
        end = min(int((training or horizon) * (1 + past_end)), last)
        t = np.arange(0, end + 1, dtype=float)
        ours = np.asarray(F.course_function(row.schedule)(t, **example), dtype=float)
        theirs = np.asarray(row.evaluate(t, example, training), dtype=float)
        scale = np.maximum(np.abs(ours), 1e-300)
        entry = totals[row.framework]
        entry[0] += 1
        entry[1] += t.size
        entry[2] = max(entry[2], float(np.max(np.abs(theirs - ours) / scale)))
    rows = [(F.FRAMEWORKS[key], n, steps, worst, ", ".join(skipped) or "—")
            for key, (n, steps, worst, skipped) in totals.items()]
    return Table((tr("framework"), tr("rows"), tr("steps compared"), tr("largest relative difference"), tr("example not expressible")),
                 rows, title=tr("Every row's formula, fed the worked example, against the course"), digits=2)


def _horizon(example: Mapping[str, Any]) -> int:
    """The example's own length: T, the period, one cycle, ten warm-ups, or its last milestone."""
    for key in ("total_steps", "step_size", "decay_steps", "period"):
        if key in example:
            return int(example[key])
    if "step_size_up" in example:
        up = int(example["step_size_up"])
        down = example.get("step_size_down")
        return up + (up if down is None else int(down))
    if "warmup_steps" in example:
        return 10 * max(1, int(example["warmup_steps"]))
    return int(max(example["milestones"]))


def framework_table(
    schedules: Sequence[str] | None = None, frameworks: Sequence[str] | None = None
) -> Table:
    """The course-to-framework table (框架对照表) as plain strings.

    Parameters
    ----------
    schedules : sequence of str, optional
        Course schedules to include (default: all of :data:`COURSE_SCHEDULES`, in order).
    frameworks : sequence of str, optional
        Framework keys to include (default: all of :data:`FRAMEWORKS`).

    Returns
    -------
    lrdecay_lessons.display.tables.Table
        One row per (schedule, framework) with columns :data:`TABLE_COLUMNS`; ``parameters``
        reads ``ours → theirs — how to convert``, ``example`` shows the framework call for the
        row's worked example (:data:`EXAMPLES`), ``traps`` the titles of the row's traps. The
        same rows as dictionaries: :func:`framework_records`.

    Examples
    --------
    >>> table = framework_table(["step_decay"], ["pytorch"])
    >>> table.column("example")
    ['StepLR(SGD(params, lr=0.1), step_size=30, gamma=0.5)']
    """
    rows = [tuple(record.values()) for record in framework_records(schedules, frameworks)]
    return Table(TABLE_COLUMNS, rows, title=tr("The course in {n_FRAMEWORKS} frameworks: {n_rows} rows").format(
        n_FRAMEWORKS=len(FRAMEWORKS), n_rows=len(rows)))


def recorded_versions() -> Table:
    """Which library versions the recorded values come from, read from the data files.

    Settings recorded beside a version (``keras_backend``, ``jax_enable_x64``, ...) are shown
    with it; Python and NumPy are left out.
    """
    versions: dict[str, str] = {}
    settings: dict[str, list[str]] = {}
    files: dict[str, list[str]] = {}
    for name in DATA_FILES:
        generated = load_data(name)["generated_with"]
        for key, value in generated.items():
            owner = next((p for p in generated if key != p and key.startswith(p + "_")), None)
            if owner is not None:
                setting = f"{key[len(owner) + 1:]}={value}"
                if setting not in settings.setdefault(owner, []):
                    settings[owner].append(setting)
            elif key not in ("python", "numpy"):
                if versions.setdefault(key, str(value)) != str(value):
                    raise ValueError(f"{key} has two versions in lrdecay_lessons/frameworks/data: {versions[key]} and {value}")
                files.setdefault(key, []).append(name)
    rows = [(package, versions[package] + (f" ({', '.join(settings[package])})" if package in settings else ""),
             ", ".join(files[package])) for package in versions]
    return Table((tr("library"), tr("version"), tr("recorded in lrdecay_lessons/frameworks/data/")), rows,
                 title=tr("Versions the recorded values come from"))
