/**
 * One axes of a panel, drawn with uPlot in the course's look: the figure's title, labelled axes,
 * a framed legend in the corner the Python figure uses, projector-size text (the Matplotlib
 * figures' point sizes at 100 CSS pixels per inch), the course's colours and line widths.
 */
import uPlot from "uplot";

const PT = 100 / 72; // CSS pixels per point: the figures are shown at 100 pixels per inch
export const LOOK = {
  font: "sans-serif",
  title: Math.round(18 * PT),
  label: Math.round(16 * PT),
  tick: Math.round(13 * PT),
  legend: Math.round(13 * PT),
  line: 2.8 * PT,
  grid: "rgba(0, 0, 0, 0.13)",
};

const OUTSIDE_LEGEND = 340; // CSS pixels a legend "outside right" takes beside its chart
const DASHES = { "-": null, "--": [12, 6], ":": [3, 5], "-.": [12, 5, 3, 5] };
const STEPPED = uPlot.paths.stepped({ align: 1 });

/** The y range the Python figures use: from 0 when every value is >= 0 (a linear axis), with
 * Matplotlib's 5 % margin above; a logarithmic axis spans the values' decades. */
export function yRange(lows, highs, logy, fromZero = true) {
  let low = Infinity, high = -Infinity;
  for (const v of lows) if (Number.isFinite(v)) low = Math.min(low, v);
  for (const v of highs) if (Number.isFinite(v)) high = Math.max(high, v);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 1];
  if (logy) {
    const bottom = Math.max(low, 1e-300), top = Math.max(high, bottom);
    const span = Math.log10(top) - Math.log10(bottom) || 1;
    return [10 ** (Math.log10(bottom) - 0.05 * span), 10 ** (Math.log10(top) + 0.05 * span)];
  }
  const span = high - low || Math.abs(high) || 1;
  const bottom = low >= 0 && fromZero ? 0 : low - 0.05 * span;
  return [bottom, high + 0.05 * span];
}

/** A colour `#rrggbb` at opacity `alpha`, as CSS. */
export function rgba(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** Ticks of a logarithmic axis from `min` to `max`: within a decade or two, 1-9 (or 1, 2, 5) times the
 * powers of ten, as Matplotlib labels them; over more decades, powers of ten only, at most about 8. */
export function logTicks(min, max) {
  const lo = Math.floor(Math.log10(min)), hi = Math.ceil(Math.log10(max));
  const span = hi - lo, decades = Math.log10(max / min), ticks = [];
  if (decades <= 2.5) {
    const mantissas = decades <= 1.2 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 5];
    for (let e = lo; e <= hi; e++) for (const m of mantissas) ticks.push(Number((m * 10 ** e).toPrecision(12)));
  } else {
    const stride = Math.ceil((span + 1) / 8);
    for (let e = lo; e <= hi; e++) if (e % stride === 0) ticks.push(10 ** e);
  }
  return ticks.filter((v) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9));
}

/** A tick label of a logarithmic axis: 10⁻¹⁷ for a far power of ten, the number itself otherwise. */
export function logLabel(v) {
  if (v == null) return "";
  const e = Math.round(Math.log10(v));
  if (Math.abs(v / 10 ** e - 1) < 1e-9 && (e <= -3 || e >= 4)) {
    return `10${String(e).split("").map((c) => SUPERSCRIPT[c]).join("")}`;
  }
  return String(Number(v.toPrecision(3)));
}

/** uPlot draws a gap where a value is null (NaN would be drawn as a point of no place). */
function gaps(y) {
  for (const v of y) if (Number.isNaN(v)) return Array.from(y, (w) => (Number.isNaN(w) ? null : w));
  return y;
}

export class Chart {
  /** `plot`: {title, xlabel, ylabel, logy, legend, ylim, height, series: [{colour, dash, drawstyle, width}]} */
  constructor(root, plot, width) {
    this.plot = plot;
    this.root = root;
    this.box = document.createElement("div");
    this.box.className = "lrd-chart";
    root.appendChild(this.box);
    this.legend = document.createElement("div");
    this.legend.className = `lrd-legend lrd-legend-${(plot.legend || "none").replace(/ /g, "-")}`;
    this.ranges = [0, 1];
    const series = [{ label: plot.xlabel || "step t" }];
    const bands = [];
    // Colours may be templates the kernel fills: each series reads its colour as of the last update.
    this.colours = plot.series.map((s) => s.colour || "#0072B2");
    this.bandColours = (plot.bands || []).map((b) => b.colour || "#0072B2");
    for (const [i, s] of plot.series.entries()) {
      const colour = () => this.colours[i];
      series.push({
        label: "",
        stroke: colour,
        width: s.width != null ? s.width * PT : LOOK.line,
        dash: s.dash && s.dash !== "-" ? DASHES[s.dash] : undefined,
        paths: s.drawstyle === "steps-post" ? STEPPED : undefined,
        points: { show: Boolean(s.markers), size: 9 * PT, fill: colour, stroke: colour },
        spanGaps: false,
      });
    }
    // A band: two invisible series (its low and high edges), the area between them filled.
    for (const [i, b] of (plot.bands || []).entries()) {
      const edge = { label: "", stroke: "rgba(0, 0, 0, 0)", width: 0, points: { show: false }, spanGaps: false };
      series.push({ ...edge }, { ...edge });
      const high = series.length - 1;
      bands.push({ series: [high, high - 1], fill: () => rgba(this.bandColours[i], b.alpha) });
    }
    const logAxis = isY => isY && plot.logy
      ? { splits: (u, i, min, max) => logTicks(min, max), filter: (u, splits) => splits,
        values: (u, splits) => splits.map(logLabel) } : {};
    const axis = (label, isY) => ({
      ...logAxis(isY),
      label,
      font: `${LOOK.tick}px ${LOOK.font}`,
      labelFont: `${LOOK.label}px ${LOOK.font}`,
      labelSize: LOOK.label + 10,
      size: isY ? (self, values) => 14 + LOOK.tick * 0.62 * Math.max(3, ...(values || []).map((v) => String(v).length))
        : LOOK.tick + 22,
      stroke: "#222",
      grid: { stroke: LOOK.grid, width: 1 },
      ticks: { stroke: "#444", width: 1, size: 6 },
    });
    if (plot.legend === "outside right") this.box.classList.add("lrd-chart-outside");
    this.vlines = [];
    // With guide lines the x ticks sit at them and at both ends, as in the Python figure.
    const guided = (x) => ((plot.vlines || []).length
      ? { ...x, splits: (u) => [u.scales.x.min, ...this.vlines, u.scales.x.max] } : x);
    this.uplot = new uPlot({
      width: plot.legend === "outside right" ? Math.max(240, width - OUTSIDE_LEGEND) : width,
      height: plot.height || 520,
      title: plot.title,
      legend: { show: false },
      cursor: { show: false },
      select: { show: false },
      scales: {
        x: { time: false },
        y: plot.logy ? { distr: 3, log: 10, range: () => this.ranges } : { range: () => this.ranges },
      },
      axes: [guided(axis(plot.xlabel ?? "step t", false)), axis(plot.ylabel ?? "learning rate η", true)],
      series,
      bands,
      // onDraw hears of a picture of new data only (not of a redraw at a new size, with the same data)
      hooks: { draw: [(u) => this.drawGuides(u),
        () => { if (this.fresh) { this.fresh = false; if (this.onDraw) this.onDraw(); } }] },
    }, [[], ...series.slice(1).map(() => [])], this.box);
    // A legend outside the chart sits beside it, in a column of its own width (the chart is that much
    // narrower); one "below" sits under the chart, in two columns.
    if (this.outside || plot.legend === "below") this.box.appendChild(this.legend);
    else this.uplot.over.appendChild(this.legend);
  }

  get outside() {
    return this.plot.legend === "outside right";
  }

  chartWidth(width) {
    return this.outside ? Math.max(240, width - OUTSIDE_LEGEND) : width;
  }

  /** Dotted grey vertical guide lines at `this.vlines` (Matplotlib's axvline, color 0.6, ":", 1.5 pt). */
  drawGuides(u) {
    if (!this.vlines.length) return;
    const { ctx, bbox } = u;
    const ratio = typeof devicePixelRatio === "number" ? devicePixelRatio : 1;
    ctx.save();
    ctx.strokeStyle = "#999999";
    ctx.lineWidth = 1.5 * PT * ratio;
    ctx.setLineDash(DASHES[":"].map((d) => d * ratio));
    for (const v of this.vlines) {
      const px = u.valToPos(v, "x", true);
      if (!(px >= bbox.left - 1 && px <= bbox.left + bbox.width + 1)) continue;
      ctx.beginPath();
      ctx.moveTo(px, bbox.top);
      ctx.lineTo(px, bbox.top + bbox.height);
      ctx.stroke();
    }
    ctx.restore();
  }

  /** New data: `x` (steps), one array per series with their legend labels, the guide lines' x, and
   * `[low, high]` per band. */
  update(x, ys, labels, vlines = [], xs = [], bands = []) {
    this.vlines = vlines;
    const lows = [], highs = [];
    const extent = (y) => {
      let low = Infinity, high = -Infinity;
      for (const v of y) { if (v < low) low = v; if (v > high) high = v; }
      lows.push(low); highs.push(high);
    };
    ys.forEach((y, i) => { if (this.plot.series[i].in_range !== false) extent(y); });
    bands.forEach(([low, high]) => { extent(low); extent(high); });
    this.ranges = this.plot.ylim ? this.plot.ylim.slice() : yRange(lows, highs, this.plot.logy, this.plot.from_zero !== false);
    this.setLegend(labels, this.legendTitle);
    this.fresh = true;
    // uPlot leaves a gap at null, not at NaN (which it would draw to the axis's edge): a run that stopped.
    this.uplot.setData([x, ...[...ys, ...bands.flat()].map(gaps)]);
  }

  setLegend(labels, title = null) {
    if (!this.plot.legend) { this.legend.replaceChildren(); return; }
    const rows = labels.map((text, i) => {
      const s = this.plot.series[i];
      if (text === null || text === undefined || text === "") return null;
      const row = document.createElement("div");
      row.className = "lrd-legend-row";
      const swatch = document.createElement("span");
      swatch.className = "lrd-swatch";
      swatch.style.borderTopColor = this.colours[i];
      swatch.style.borderTopStyle = !s.dash || s.dash === "-" ? "solid" : s.dash === ":" ? "dotted" : "dashed";
      const label = document.createElement("span");
      label.textContent = text;
      row.append(swatch, label);
      return row;
    }).filter(Boolean);
    if (rows.length && title) {
      const heading = document.createElement("div");
      heading.className = "lrd-legend-title";
      heading.textContent = title;
      rows.unshift(heading);
    }
    this.legend.replaceChildren(...rows);
  }

  resize(width) {
    this.uplot.setSize({ width: this.chartWidth(width), height: this.plot.height || 520 });
  }

  destroy() {
    this.uplot.destroy();
  }
}

/** Round numbers between `low` and `high` for an axis's ticks (1, 2, 2.5 or 5 times a power of ten). */
export function niceTicks(low, high, count = 6) {
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(low / step - 1e-9) * step; v <= high + 1e-9 * step; v += step) ticks.push(Math.abs(v) < 1e-12 * step ? 0 : v);
  return ticks;
}

function tickText(v) {
  return String(Number(v.toPrecision(12)));
}

/**
 * An x–y chart of paths in a plane (chapter 01's descent over its bowl), drawn on a canvas of its own in
 * the course's look: the contours of ½ Σ λᵢ xᵢ² as filled bands (the colours the Python figure uses),
 * each path as a line with dots, a black square at the start, a gold star at the minimum, labelled axes,
 * the title above and a framed legend. `plot`: {title, xlabel, ylabel, xlim, ylim, height, legend,
 * contours: {curvatures, levels, colours, line_colour}, start, minimum, series: [{colour, width, markers}]}.
 */
export class PathChart {
  constructor(root, plot, width) {
    this.plot = plot;
    this.width = width;
    this.box = document.createElement("div");
    this.box.className = "lrd-chart lrd-path-chart";
    this.title = document.createElement("div");
    this.title.className = "u-title";
    this.title.style.fontSize = `${Math.round(16 * PT)}px`;
    this.title.style.overflowWrap = "break-word";
    this.box.style.width = `${width}px`;
    this.title.textContent = plot.title || "";
    this.canvas = document.createElement("canvas");
    this.legend = document.createElement("div");
    this.legend.className = "lrd-legend";
    this.box.append(this.title, this.canvas, this.legend);
    root.appendChild(this.box);
    this.data = null;
  }

  update(x, ys, labels, vlines = [], xs = []) {
    this.data = { xs, ys };
    this.setLegend(labels);
    this.draw();
  }

  margins() {
    return { left: LOOK.tick * 3 + LOOK.label + 22, right: 14, top: 8, bottom: LOOK.tick + LOOK.label + 28 };
  }

  setLegend(labels) {
    const rows = [];
    const row = (swatch, text) => {
      const r = document.createElement("div");
      r.className = "lrd-legend-row";
      const label = document.createElement("span");
      label.textContent = text;
      r.append(swatch, label);
      rows.push(r);
    };
    if (this.plot.minimum) {
      const star = document.createElement("span");
      star.textContent = "★";
      star.style.cssText = "color: gold; -webkit-text-stroke: 1px black; font-size: 24px; width: 30px; text-align: center";
      row(star, "minimum");
    }
    labels.forEach((text, i) => {
      if (!text) return;
      const swatch = document.createElement("span");
      swatch.className = "lrd-swatch";
      swatch.style.borderTopColor = this.plot.series[i].colour;
      swatch.style.borderTopStyle = "solid";
      row(swatch, text);
    });
    this.legend.replaceChildren(...rows);
    const m = this.margins();
    const corner = this.plot.legend || "lower right";
    this.legend.style.top = this.legend.style.bottom = this.legend.style.left = this.legend.style.right = "";
    this.legend.style[corner.startsWith("lower") ? "bottom" : "top"] = `${(corner.startsWith("lower") ? m.bottom : m.top) + 8}px`;
    this.legend.style[corner.endsWith("left") ? "left" : "right"] = `${(corner.endsWith("left") ? m.left : m.right) + 8}px`;
  }

  draw() {
    const plot = this.plot;
    const ratio = typeof devicePixelRatio === "number" ? devicePixelRatio : 1;
    const height = Math.max(200, (plot.height || 520) - this.title.offsetHeight);
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.round(this.width * ratio);
    this.canvas.height = Math.round(height * ratio);
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.width, height);
    const m = this.margins();
    const w = this.width - m.left - m.right, h = height - m.top - m.bottom;
    const [x0, x1] = plot.xlim, [y0, y1] = plot.ylim;
    const X = (v) => m.left + ((v - x0) / (x1 - x0)) * w;
    const Y = (v) => m.top + ((y1 - v) / (y1 - y0)) * h;
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.left, m.top, w, h);
    ctx.clip();
    const c = plot.contours;
    if (c) {
      const [l1, l2] = c.curvatures;
      const ellipse = (level) => {
        ctx.beginPath();
        ctx.ellipse(X(0), Y(0), Math.sqrt((2 * level) / l1) * (w / (x1 - x0)), Math.sqrt((2 * level) / l2) * (h / (y1 - y0)),
          0, 0, 2 * Math.PI);
      };
      for (let i = c.colours.length - 1; i >= 0; i--) {
        ellipse(c.levels[i + 1]);
        ctx.fillStyle = c.colours[i];
        ctx.fill();
      }
      ellipse(c.levels[0]);
      ctx.fillStyle = "#ffffff";
      ctx.fill();
      ctx.strokeStyle = c.line_colour;
      ctx.lineWidth = 0.8 * PT;
      for (const level of c.levels) {
        ellipse(level);
        ctx.stroke();
      }
    }
    if (this.data) {
      plot.series.forEach((s, i) => {
        const xs = this.data.xs[i], ys = this.data.ys[i];
        ctx.strokeStyle = ctx.fillStyle = s.colour;
        ctx.lineWidth = (s.width ?? 1.8) * PT;
        ctx.setLineDash([]);
        ctx.beginPath();
        let open = false;
        for (let k = 0; k < xs.length; k++) {
          if (!Number.isFinite(xs[k]) || !Number.isFinite(ys[k])) { open = false; continue; }
          if (open) ctx.lineTo(X(xs[k]), Y(ys[k])); else ctx.moveTo(X(xs[k]), Y(ys[k]));
          open = true;
        }
        ctx.stroke();
        if (s.markers) {
          for (let k = 0; k < xs.length; k++) {
            if (!Number.isFinite(xs[k]) || !Number.isFinite(ys[k])) continue;
            ctx.beginPath();
            ctx.arc(X(xs[k]), Y(ys[k]), 2 * PT, 0, 2 * Math.PI);
            ctx.fill();
          }
        }
      });
    }
    if (plot.start) {
      const side = 10 * PT;
      ctx.fillStyle = "#000000";
      ctx.fillRect(X(plot.start[0]) - side / 2, Y(plot.start[1]) - side / 2, side, side);
    }
    if (plot.minimum) {
      const cx = X(plot.minimum[0]), cy = Y(plot.minimum[1]), outer = 10 * PT, inner = outer * 0.4;
      ctx.beginPath();
      for (let k = 0; k < 10; k++) {
        const r = k % 2 ? inner : outer, angle = -Math.PI / 2 + (k * Math.PI) / 5;
        ctx.lineTo(cx + r * Math.cos(angle), cy + r * Math.sin(angle));
      }
      ctx.closePath();
      ctx.fillStyle = "gold";
      ctx.fill();
      ctx.strokeStyle = "#000000";
      ctx.lineWidth = 1;
      ctx.stroke();
    }
    ctx.restore();
    ctx.strokeStyle = "#222222";
    ctx.lineWidth = 1;
    ctx.strokeRect(m.left, m.top, w, h);
    ctx.fillStyle = "#222222";
    ctx.font = `${LOOK.tick}px ${LOOK.font}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const v of niceTicks(x0, x1)) {
      ctx.beginPath(); ctx.moveTo(X(v), m.top + h); ctx.lineTo(X(v), m.top + h + 6); ctx.stroke();
      ctx.fillText(tickText(v), X(v), m.top + h + 8);
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const v of niceTicks(y0, y1, 5)) {
      ctx.beginPath(); ctx.moveTo(m.left - 6, Y(v)); ctx.lineTo(m.left, Y(v)); ctx.stroke();
      ctx.fillText(tickText(v), m.left - 9, Y(v));
    }
    ctx.font = `${LOOK.label}px ${LOOK.font}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(plot.xlabel || "", m.left + w / 2, height - 2);
    ctx.save();
    ctx.translate(LOOK.label + 2, m.top + h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(plot.ylabel || "", 0, 0);
    ctx.restore();
    if (this.onDraw) this.onDraw();
  }

  resize(width) {
    this.width = width;
    this.box.style.width = `${width}px`;
    this.draw();
  }

  destroy() {
    this.box.remove();
  }
}
