/**
 * Python's number formatting, as the course's Python side uses it, so a legend drawn in the browser
 * reads exactly as the stored picture's: `{name}`, `{name:.3g}`, `{name:.2f}`, `{name:.1e}`, `{name:d}` and the
 * course's own `{name:short}` (whole numbers in full, others to 4 significant digits,
 * `lrdecay_lessons.display.widgets._short`).
 */

/** Python's `format(x, ".{p}g")`: p significant digits, trailing zeros dropped, exponent form when
 * the exponent is < -4 or >= p (with a sign and at least two exponent digits). */
export function formatG(x, precision) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, exp] = x.toExponential(p - 1).split("e");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= p) {
    const m = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
    const sign = exponent < 0 ? "-" : "+";
    const digits = String(Math.abs(exponent)).padStart(2, "0");
    return `${m}e${sign}${digits}`;
  }
  const fixed = x.toFixed(Math.max(0, p - 1 - exponent));
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}

/** Python's `format(x, ".{p}f")` (round half to even on the binary value, as toFixed is not: both
 * round the exact binary value, which is what Python does; they agree except on exact ties). */
export function formatF(x, precision) {
  return x.toFixed(precision);
}

/** Python's `format(x, ".{p}e")`: p digits after the point, a signed exponent of at least two digits. */
export function formatE(x, precision) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const [mantissa, exp] = x.toExponential(precision).split("e");
  const exponent = Number(exp);
  return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

/** The course's short form of a control's value (`_short` in Python). */
export function formatShort(value) {
  if (typeof value !== "number") return String(value);
  if (Number.isInteger(value)) return String(value);
  return formatG(value, 4);
}

/** Python's `repr` of a float as `str(x)` shows it (shortest round-trip digits). */
export function formatRepr(value) {
  if (typeof value !== "number") return String(value);
  if (Number.isInteger(value)) return `${value}`;
  const text = String(value);
  if (!text.includes("e")) return text;
  const [m, e] = text.split("e");
  const exponent = Number(e);
  return `${m}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

function formatOne(value, spec) {
  if (spec === "" || spec === undefined) return formatRepr(value);
  if (spec === "short") return formatShort(value);
  if (spec === "d") return String(Math.round(value));
  let match = /^\.(\d+)g$/.exec(spec);
  if (match) return formatG(value, Number(match[1]));
  match = /^\.(\d+)f$/.exec(spec);
  if (match) return formatF(value, Number(match[1]));
  match = /^\.(\d+)e$/.exec(spec);
  if (match) return formatE(value, Number(match[1]));
  throw new Error(`format spec ${JSON.stringify(spec)} is not one the panels use (short, d, .Ng, .Nf, .Ne)`);
}

/** Fill `{name}` / `{name:spec}` in `template` from `values`; `{{` and `}}` are literal braces. */
export function fill(template, values) {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (whole, name, spec) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    if (!(name in values)) throw new Error(`label template names ${name}, which no control or value has`);
    const value = values[name];
    if (Array.isArray(value)) return `[${value.map((v) => formatOne(v, spec)).join(", ")}]`;
    return formatOne(value, spec);
  });
}
