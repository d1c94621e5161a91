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

const DASHES = { "-": null, "--": [12, 6], ":": [3, 5], "-.": [12, 5, 3, 5] };
const STEPPED = uPlot.paths.stepped({ align: 1 });

/** The y range the Python figures use: from 0 when every value is >= 0 (a linear axis), with
 * Matplotlib's 5 % margin above; a logarithmic axis spans the values' decades. */
export function yRange(lows, highs, logy) {
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
  const bottom = low >= 0 ? 0 : low - 0.05 * span;
  return [bottom, high + 0.05 * span];
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
    for (const s of plot.series) {
      series.push({
        label: "",
        stroke: s.colour || "#0072B2",
        width: s.width != null ? s.width * PT : LOOK.line,
        dash: s.dash && s.dash !== "-" ? DASHES[s.dash] : undefined,
        paths: s.drawstyle === "steps-post" ? STEPPED : undefined,
        points: { show: Boolean(s.markers), size: 9 * PT, fill: s.colour, stroke: s.colour },
        spanGaps: false,
      });
    }
    const axis = (label, isY) => ({
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
    this.vlines = [];
    // With guide lines the x ticks sit at them and at both ends, as in the Python figure.
    const guided = (x) => ((plot.vlines || []).length
      ? { ...x, splits: (u) => [u.scales.x.min, ...this.vlines, u.scales.x.max] } : x);
    this.uplot = new uPlot({
      width,
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
      hooks: { draw: [(u) => this.drawGuides(u), () => this.onDraw && this.onDraw()] },
    }, [[], ...plot.series.map(() => [])], this.box);
    this.uplot.over.appendChild(this.legend);
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

  /** New data: `x` (steps) and one array per series, with their legend labels and guide lines' x. */
  update(x, ys, labels, vlines = []) {
    this.vlines = vlines;
    const lows = [], highs = [];
    ys.forEach((y, i) => {
      if (this.plot.series[i].in_range === false) return;
      let low = Infinity, high = -Infinity;
      for (const v of y) { if (v < low) low = v; if (v > high) high = v; }
      lows.push(low); highs.push(high);
    });
    this.ranges = this.plot.ylim ? this.plot.ylim.slice() : yRange(lows, highs, this.plot.logy);
    this.setLegend(labels);
    this.uplot.setData([x, ...ys]);
  }

  setLegend(labels) {
    if (!this.plot.legend) { this.legend.replaceChildren(); return; }
    const rows = labels.map((text, i) => {
      const s = this.plot.series[i];
      if (text === null || text === undefined || text === "") return null;
      const row = document.createElement("div");
      row.className = "lrd-legend-row";
      const swatch = document.createElement("span");
      swatch.className = "lrd-swatch";
      swatch.style.borderTopColor = s.colour || "#0072B2";
      swatch.style.borderTopStyle = !s.dash || s.dash === "-" ? "solid" : s.dash === ":" ? "dotted" : "dashed";
      const label = document.createElement("span");
      label.textContent = text;
      row.append(swatch, label);
      return row;
    }).filter(Boolean);
    this.legend.replaceChildren(...rows);
  }

  resize(width) {
    this.uplot.setSize({ width, height: this.plot.height || 520 });
  }

  destroy() {
    this.uplot.destroy();
  }
}
