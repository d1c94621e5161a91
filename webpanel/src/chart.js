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
      axes: [axis(plot.xlabel ?? "step t", false), axis(plot.ylabel ?? "learning rate η", true)],
      series,
      bands,
      // onDraw hears of a picture of new data only (not of a redraw at a new size, with the same data)
      hooks: { draw: [() => { if (this.fresh) { this.fresh = false; if (this.onDraw) this.onDraw(); } }] },
    }, [[], ...series.slice(1).map(() => [])], this.box);
    // A legend outside the chart sits beside it, in a column of its own width (the chart is that much narrower).
    if (this.outside) this.box.appendChild(this.legend);
    else this.uplot.over.appendChild(this.legend);
  }

  get outside() {
    return this.plot.legend === "outside right";
  }

  chartWidth(width) {
    return this.outside ? Math.max(240, width - OUTSIDE_LEGEND) : width;
  }

  /** New data: `x` (steps), one array per series with their legend labels, and `[low, high]` per band. */
  update(x, ys, labels, bands = []) {
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
