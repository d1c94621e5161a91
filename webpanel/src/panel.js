/**
 * The course's slider panel as an anywidget: controls, and charts redrawn in the browser from the
 * schedule formulas (schedules.js) whenever a control moves, with or without a kernel.
 *
 * The model holds `spec` (controls and what each chart draws, see programs.js) and `values` (the
 * controls' values, synced to the kernel when one runs, so Python code after the panel sees them).
 */
import uplotCss from "uplot/dist/uPlot.min.css";
import panelCss from "./panel.css";
import { Chart, PathChart } from "./chart.js";
import { fill } from "./format.js";
import { labelValues, series, steps, value } from "./programs.js";

/** One control: a slider over its options, or a dropdown for a choice. `onMove` hears of each new value:
 * at every position (`event = "input"`), or once a slider is released or a key moved it (`"change"`). */
function control(spec, index, onMove, event = "input") {
  const row = document.createElement("div");
  row.className = "lrd-control";
  const label = document.createElement("label");
  label.textContent = spec.label;
  const choice = spec.kind === "choice";
  const input = document.createElement(choice ? "select" : "input");
  if (choice) {
    spec.texts.forEach((text, i) => input.add(new Option(text, String(i))));
  } else {
    input.type = "range";
    input.min = "0";
    input.max = String(spec.options.length - 1);
    input.step = "1";
  }
  input.value = String(index);
  input.setAttribute("aria-label", spec.label);
  input.dataset.name = spec.name;
  const readout = document.createElement("output");
  const show = () => { readout.textContent = choice ? "" : spec.texts[Number(input.value)]; };
  show();
  input.addEventListener("input", show);
  input.addEventListener(choice ? "change" : event, () => onMove(spec.name, spec.options[Number(input.value)]));
  label.htmlFor = input.id = `lrd-${Math.random().toString(36).slice(2)}`;
  row.append(label, input, readout);
  return { row, input, show };
}

/** Draw every chart of `spec` for `values`; throws the formula's message for values it refuses. */
export function compute(spec, values, computed = {}) {
  const names = { ...labelValues(spec, values), ...(computed.names || {}) };
  return spec.plots.map((plot) => {
    if (plot.kind === "path") { // x–y paths: each series has its x and y programs
      const none = new Float64Array(0);
      const xs = plot.series.map((s) => series(s.x, none, names, computed));
      const ys = plot.series.map((s) => series(s.y, none, names, computed));
      const labels = plot.series.map((s) => (s.label ? fill(s.label, names) : ""));
      return { x: null, xs, ys, labels, vlines: [], title: fill(plot.title || "", names) };
    }
    const x = steps(plot.x, computed, names);
    const ys = plot.series.map((s) => series(s.y, x, names, computed));
    const labels = plot.series.map((s) => (s.label ? fill(s.label, names) : ""));
    const vlines = (plot.vlines || []).map((e) => value(e, names));
    const bands = (plot.bands || []).map((b) => [series(b.low, x, names, computed), series(b.high, x, names, computed)]);
    const legendTitle = plot.legend_title ? fill(plot.legend_title, names) : null;
    const colours = plot.series.map((s) => fill(s.colour || "#0072B2", names));
    const bandColours = (plot.bands || []).map((b) => fill(b.colour || "#0072B2", names));
    return { x, ys, labels, vlines, bands, legendTitle, colours, bandColours, title: fill(plot.title || "", names) };
  });
}

/** How long a panel that trains in the kernel waits for its answer before saying it is waiting. */
const WAIT_NOTE_MS = 1500;

function sameValues(a, b) {
  return Object.keys(b).every((name) => a[name] === b[name]);
}

/** The share of a chart's height it keeps on a slide. */
const DECK_SCALE = 0.45;

function render({ model, el }) {
  const spec = model.get("spec");
  const values = { ...model.get("values") };
  const root = document.createElement("div");
  root.className = "lrd-panel";
  root.dataset.drawn = "0";
  root.dataset.kernel = spec.kernel ? "true" : "false"; // a training panel: only a kernel redraws it
  // JupyterLab's shortcuts (arrow keys move between cells) must not take the keys meant for a slider.
  // and the notebook around the panel must not handle them either (it prevents their default: no move).
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  for (const type of ["keydown", "keypress", "keyup"]) root.addEventListener(type, (event) => event.stopPropagation());
  const style = document.createElement("style");
  style.textContent = uplotCss + panelCss;
  const heading = document.createElement("div");
  heading.className = "lrd-heading";
  heading.textContent = spec.heading || "";
  const controls = document.createElement("div");
  const error = document.createElement("div");
  error.className = "lrd-error";
  error.setAttribute("role", "alert");
  const plots = document.createElement("div");
  plots.className = `lrd-plots${spec.layout === "row" ? " lrd-row" : ""}`;
  root.append(style, heading, controls, error, plots);
  el.appendChild(root);

  const width = () => {
    const room = el.clientWidth || root.clientWidth || 1000;
    const across = spec.layout === "row" ? spec.plots.length : 1;
    return Math.max(320, Math.min(spec.width || 1000, room) / across - (across > 1 ? 8 : 0));
  };
  // In a reveal.js deck the slide is 700 px tall: the charts take DECK_SCALE of their height there, so a
  // panel with its controls fits a slide without the deck shrinking the whole slide.
  const scale = document.querySelector(".reveal .slides") ? DECK_SCALE : 1;
  const charts = spec.plots.map((plot) => new (plot.kind === "path" ? PathChart : Chart)(
    plots, scale === 1 ? plot : { ...plot, height: Math.round((plot.height || 520) * scale) }, width()));
  let pressed = null; // when the key or pointer that moved a control went down: the latency's start
  charts.forEach((chart, i) => {
    chart.onDraw = () => {
      if (i !== charts.length - 1) return;
      root.dataset.drawn = String(Number(root.dataset.drawn) + 1);
      if (pressed !== null) {
        root.dataset.latency = String(performance.now() - pressed);
        pressed = null;
      }
    };
  });

  // A panel that trains in the kernel says so when its answer is slow to come, or never comes (the book
  // and the slides have no kernel: their picture stays the starting one).
  let waiting = null;
  const answered = () => { clearTimeout(waiting); waiting = null; };
  const draw = () => {
    let pictures;
    const computed = model.get("computed") || {};
    if (spec.kernel && !sameValues(computed.values || {}, values)) { // the kernel's answer comes next
      if (waiting === null) {
        waiting = setTimeout(() => {
          error.textContent = "⏳ training in Python… (with no kernel, as in the book or the slides, "
            + "run the notebook in Jupyter to train again)";
        }, WAIT_NOTE_MS);
      }
      return;
    }
    answered();
    if (spec.kernel && computed.error) {
      error.textContent = `⚠ ${computed.error}`;
      return;
    }
    try {
      pictures = compute(spec, values, computed);
    } catch (failure) {
      error.textContent = `⚠ ${failure.message}`; // the last good picture stays
      return;
    }
    error.textContent = "";
    pictures.forEach((p, i) => {
      const title = charts[i].box.querySelector(".u-title");
      if (title && title.textContent !== p.title) title.textContent = p.title;
      charts[i].legendTitle = p.legendTitle;
      if (p.colours) charts[i].colours = p.colours;
      if (p.bandColours) charts[i].bandColours = p.bandColours;
      charts[i].update(p.x, p.ys, p.labels, p.vlines, p.xs, p.bands);
    });
  };

  const inputs = {};
  for (const c of spec.controls) {
    const index = c.options.findIndex((o) => o === values[c.name]);
    const made = control(c, Math.max(0, index), (name, v) => {
      values[name] = v;
      showWhen();
      draw();
      model.set("values", { ...values });
      model.save_changes();
    }, spec.kernel ? "change" : "input");
    made.input.addEventListener("keydown", () => { pressed = performance.now(); });
    made.input.addEventListener("pointerdown", () => { pressed = performance.now(); });
    inputs[c.name] = made;
    controls.appendChild(made.row);
  }
  // A control with `when` shows only while another control has one of the values it names.
  function showWhen() {
    for (const c of spec.controls) {
      if (c.when) inputs[c.name].row.style.display = c.when.in.includes(values[c.when.control]) ? "" : "none";
    }
  }
  showWhen();
  const fromKernel = () => {
    const now = model.get("values");
    if (Object.keys(now).every((name) => now[name] === values[name])) return; // our own change, drawn already
    for (const c of spec.controls) {
      const index = c.options.findIndex((o) => o === now[c.name]);
      if (index >= 0 && Number(inputs[c.name].input.value) !== index) {
        inputs[c.name].input.value = String(index);
        inputs[c.name].show();
      }
    }
    Object.assign(values, now);
    showWhen();
    draw();
  };
  model.on("change:values", fromKernel);
  model.on("change:computed", draw);
  draw();
  const observer = new ResizeObserver(() => charts.forEach((c) => c.resize(width())));
  observer.observe(el);
  return () => {
    answered();
    observer.disconnect();
    model.off("change:values", fromKernel);
    model.off("change:computed", draw);
    charts.forEach((c) => c.destroy());
  };
}

export default { render };
