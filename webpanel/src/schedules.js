/**
 * The course's learning-rate schedules in JavaScript (学习率调度): the formula layer of the
 * browser-side panels (issue 25).
 *
 * A plain ES module: no imports, no DOM, no npm dependency; it works imported directly
 * (`import * as schedules from "./schedules.js"`) as well as bundled. Every function is a port of
 * its Python twin in `lrdecay_lessons/schedules/` with the SAME keyword names and defaults, the same
 * conventions and the same operation order, so that the values agree with NumPy's to the last bits
 * or nearly (the browser test `tests/browser/test_js_schedules.py` holds them to a relative
 * difference of 1e-12; `Math.cos`/`Math.pow` may differ from NumPy's by one unit in the last place).
 *
 * Conventions (as in Python):
 * - `t` counts steps from 0; it may be a number (a number is returned) or an array of numbers
 *   (a `Float64Array` of the same length is returned). Every step must be finite and >= 0.
 * - Parameters are passed as one object of the Python keywords, e.g.
 *   `step_decay(t, {lr0: 0.1, gamma: 0.5, step_size: 100})`; a missing optional keyword (or one
 *   set to `undefined`) takes the Python default, `null` stands for Python's `None`.
 * - A schedule with a horizon (`total_steps`) holds its final value for `t >= total_steps`;
 *   exponential, inverse-time, inverse-square-root and step decay keep decaying, `cyclic` keeps cycling.
 * - Bad parameters throw {@link InvalidParameterError} whose message is the Python
 *   `InvalidParameterError`'s message for the same input (the parameter as the caller wrote it, the
 *   value, what is allowed), checked before any work. JavaScript numbers carry no int/float type:
 *   a value is written as Python writes a float for real-valued parameters (`lr0=1.0`) and as an
 *   int for whole-number parameters (`total_steps=0`), as the Python panels pass them.
 *
 * Exports: one function per schedule of the Python `REGISTRY` (snake-case names, as in Python),
 * {@link REGISTRY} (name -> function), {@link PARAMETERS} (name -> keywords and defaults),
 * {@link evaluate}, {@link schedule}, the compositions {@link linear_warmup}, {@link join_schedules},
 * {@link with_warmup}, and reduce-on-plateau: {@link ReduceLROnPlateau}, {@link plateau_schedule},
 * {@link plateau_trace}.
 *
 * @module schedules
 */

// ---------------------------------------------------------------------------------------------
// Errors and Python-style formatting of values (so that messages read as the Python ones)
// ---------------------------------------------------------------------------------------------

/** A bad parameter: the message names it as the caller wrote it, the value and what is allowed. */
export class InvalidParameterError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "InvalidParameterError";
  }
}

/**
 * `repr(x)` of a Python float: the shortest digits that read back as `x`, in fixed notation for
 * decimal exponents -4 .. 15 (`0.0001`, `1.0`, `1234.5`) and scientific otherwise (`1e-05`, `1e+16`).
 * @param {number} x
 * @returns {string}
 */
export function floatRepr(x) {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = x.toExponential().split("e"); // shortest round-trip digits
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    return `${sign}${whole}.${digits.slice(exponent + 1) || "0"}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${head}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

/**
 * Python's `format(x, "g")` (6 significant digits, trailing zeros dropped): `0.1`, `1e-05`, `inf`.
 * Exact decimal ties round half up here and half to even in Python (e.g. 1234565 as `%g`).
 * @param {number} x
 * @param {number} [precision=6]
 * @returns {string}
 */
export function formatG(x, precision = 6) {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const strip = (text) => (text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text);
  const [mantissa, exponentText] = x.toExponential(precision - 1).split("e");
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < precision) return strip(x.toFixed(precision - 1 - exponent));
  return `${strip(mantissa)}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

/** NumPy's `repr` of a 0-d float array, as Python's `with_warmup` shows `schedule(0)`: `array(0.)`, `array(1.e-05)`. */
function zeroDimensionalRepr(x) {
  const [mantissa, exponent] = floatRepr(x).split("e");
  let shown = mantissa.endsWith(".0") ? mantissa.slice(0, -1) : mantissa;
  if (exponent !== undefined) shown = `${shown.includes(".") ? shown : `${shown}.`}e${exponent}`;
  return `array(${shown})`;
}

/** `repr` of a Python string: single quotes unless the text holds one and no double quote. */
function stringRepr(text) {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

/**
 * A value as Python's `repr` writes it. `kind` says how a whole number reads: `"float"` for a
 * real-valued parameter (`1.0`), `"int"` for a count or a step (`1`).
 * @param {*} value
 * @param {"int"|"float"} [kind="int"]
 * @returns {string}
 */
export function pyRepr(value, kind = "int") {
  if (typeof value === "number") {
    if (kind === "int" && Number.isInteger(value)) return BigInt(value).toString();
    return floatRepr(value);
  }
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return stringRepr(value);
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return `[${Array.from(value, (item) => pyRepr(item, kind)).join(", ")}]`;
  }
  if (typeof value === "function") return `<function ${value.name || "<lambda>"}>`;
  if (typeof value === "object") {
    const items = Object.entries(value).map(([k, v]) => `${stringRepr(k)}: ${pyRepr(v, kind)}`);
    return `{${items.join(", ")}}`;
  }
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// Parameter checks (lrdecay_lessons/schedules/validation.py), same messages
// ---------------------------------------------------------------------------------------------

/** `value` as a finite number, or an error naming `name` (`_as_real`). */
function asReal(name, value, allowed, kind) {
  if (typeof value !== "number") {
    throw new InvalidParameterError(
      `${name} must be a real number (${allowed}); got ${name}=${pyRepr(value, kind)}.`);
  }
  if (!Number.isFinite(value)) {
    throw new InvalidParameterError(`${name} must be finite (${allowed}); got ${name}=${pyRepr(value, kind)}.`);
  }
  return value;
}

/** `value > 0` and finite. */
function checkPositive(name, value) {
  asReal(name, value, "a finite number > 0", "float");
  if (value <= 0) throw new InvalidParameterError(`${name} must be > 0; got ${name}=${floatRepr(value)}.`);
  return value;
}

/** `value >= 0` and finite. */
function checkNonNegative(name, value) {
  asReal(name, value, "a finite number >= 0", "float");
  if (value < 0) throw new InvalidParameterError(`${name} must be >= 0; got ${name}=${floatRepr(value)}.`);
  return value;
}

/** `value` in the interval from `low` to `high`, open or closed at each end. */
function checkInInterval(name, value, low, high, { closedLow = false, closedHigh = false } = {}) {
  const interval = () => `${closedLow ? "[" : "("}${formatG(low)}, ${formatG(high)}${closedHigh ? "]" : ")"}`;
  if (typeof value !== "number" || !Number.isFinite(value)) asReal(name, value, `a number in ${interval()}`, "float");
  const aboveLow = closedLow ? value >= low : value > low;
  const belowHigh = closedHigh ? value <= high : value < high;
  if (!(aboveLow && belowHigh)) {
    throw new InvalidParameterError(`${name} must be in ${interval()}; got ${name}=${floatRepr(value)}.`);
  }
  return value;
}

/** A whole number `>= minimum` (`100` and `100.0` are both fine). */
function checkCount(name, value, minimum = 1) {
  const allowed = `a whole number >= ${minimum}`;
  asReal(name, value, allowed, "int");
  if (!Number.isInteger(value) || value < minimum) {
    throw new InvalidParameterError(`${name} must be ${allowed}; got ${name}=${pyRepr(value, "int")}.`);
  }
  return value;
}

/** `true` or `false`, nothing merely truthy. */
function checkBool(name, value) {
  if (typeof value !== "boolean") {
    throw new InvalidParameterError(`${name} must be True or False; got ${name}=${pyRepr(value)}.`);
  }
  return value;
}

/** One of the strings `choices`, spelled exactly. */
function checkChoice(name, value, choices) {
  if (typeof value !== "string" || !choices.includes(value)) {
    const allowed = choices.map(stringRepr).join(", ");
    throw new InvalidParameterError(`${name} must be one of ${allowed}; got ${name}=${pyRepr(value)}.`);
  }
  return value;
}

/** `value` can be called; the message says what it should be. */
function checkCallable(name, value, what = "a callable schedule of the step") {
  if (typeof value !== "function") {
    throw new InvalidParameterError(`${name} must be ${what}; got ${name}=${pyRepr(value)}.`);
  }
  return value;
}

/** A list of finite steps `>= 0` in non-decreasing order, as a Float64Array. */
function checkMilestones(name, value) {
  if (!(Array.isArray(value) || ArrayBuffer.isView(value))) {
    throw new InvalidParameterError(
      `${name} must be a list of steps in increasing order, e.g. [30, 80]; got ${name}=${pyRepr(value)}.`);
  }
  const items = Array.from(value);
  const steps = Float64Array.from(items.map((step, i) => asReal(`${name}[${i}]`, step, "a finite step >= 0", "int")));
  steps.forEach((step, i) => {
    if (step < 0) {
      throw new InvalidParameterError(`${name} must hold steps >= 0; got ${name}[${i}]=${pyRepr(items[i])} `
        + `in ${name}=${pyRepr(value)}.`);
    }
  });
  for (let i = 1; i < steps.length; i += 1) {
    if (steps[i] < steps[i - 1]) {
      throw new InvalidParameterError(`${name} must be sorted in increasing order; got ${name}=${pyRepr(value)} `
        + `(${name}[${i}]=${formatG(steps[i])} comes after ${formatG(steps[i - 1])}).`);
    }
  }
  return steps;
}

/** A floor rate: `0 <= value <= lr` (`lr` named `lrName`). */
function checkLrFloor(name, value, lrName, lr) {
  checkNonNegative(name, value);
  if (value > lr) {
    throw new InvalidParameterError(
      `${name} must be <= ${lrName} (${lrName}=${formatG(lr)}); got ${name}=${floatRepr(value)}.`);
  }
  return value;
}

/**
 * The steps as a Float64Array and whether they came as one number (`check_steps`).
 * @param {number|ArrayLike<number>} t
 * @param {string} [name="t"]
 * @returns {{steps: Float64Array, isScalar: boolean}}
 */
function checkSteps(t, name = "t") {
  if (typeof t === "boolean") {
    throw new InvalidParameterError(`${name} must be a step number >= 0, not a boolean; got ${name}=${pyRepr(t)}.`);
  }
  if (typeof t === "number") {
    if (!Number.isFinite(t) || t < 0) {
      throw new InvalidParameterError(`${name} must be a finite number >= 0; got ${name}=${pyRepr(t)}.`);
    }
    return { steps: Float64Array.of(t), isScalar: true };
  }
  const numeric = t instanceof Float64Array || t instanceof Float32Array; // numbers by their type: no element to look at
  const isList = Array.isArray(t) || (ArrayBuffer.isView(t) && !(t instanceof DataView));
  if (!numeric && (!isList || Array.from(t).some((step) => typeof step !== "number"))) {
    throw new InvalidParameterError(`${name} must be a number or an array of numbers >= 0; got ${name}=${pyRepr(t)}.`);
  }
  const steps = t instanceof Float64Array ? t : Float64Array.from(t); // read only, never written
  let bad = -1;
  for (let i = 0; i < steps.length; i += 1) {
    if (!(steps[i] >= 0 && steps[i] < Infinity)) { bad = i; break; }
  }
  if (bad >= 0) {
    throw new InvalidParameterError(`${name} must hold finite numbers >= 0; got ${name}[${bad}]=${floatRepr(steps[bad])}.`);
  }
  return { steps, isScalar: false };
}

// ---------------------------------------------------------------------------------------------
// Shared formulas (_common.py) and NumPy's elementwise helpers
// ---------------------------------------------------------------------------------------------

/** `(1 + cos(pi * fraction)) / 2`: 1 at `fraction = 0`, 0 at `fraction = 1` (`half_cosine`). */
function halfCosine(fraction) {
  return 0.5 * (1.0 + Math.cos(Math.PI * fraction));
}

/** NumPy's `clip(x, low, high)`: `minimum(maximum(x, low), high)`. */
function clip(x, low, high) {
  return Math.min(Math.max(x, low), high);
}

/** NumPy's `logaddexp(x, y)` = `log(exp(x) + exp(y))`, in its own order of operations. */
function logaddexp(x, y) {
  if (x === y) return x + Math.LN2;
  const difference = x - y;
  if (difference > 0) return x + Math.log1p(Math.exp(-difference));
  if (difference <= 0) return y + Math.log1p(Math.exp(difference));
  return difference; // NaN
}

/** `a * b` exactly, as the pair `[rounded product, error]` (Dekker's product with Veltkamp's split, no FMA needed). */
function twoProduct(a, b) {
  const product = a * b;
  const splitA = 134217729 * a;
  const aHigh = splitA - (splitA - a);
  const aLow = a - aHigh;
  const splitB = 134217729 * b;
  const bHigh = splitB - (splitB - b);
  const bLow = b - bHigh;
  return [product, ((aHigh * bHigh - product) + aHigh * bLow + aLow * bHigh) + aLow * bLow];
}

/** The product of two double-double numbers `[high, low]`, to about 2^-104 relative. */
function doubleDoubleProduct([aHigh, aLow], [bHigh, bLow]) {
  const [product, error] = twoProduct(aHigh, bHigh);
  const low = error + (aHigh * bLow + aLow * bHigh);
  const high = product + low;
  return [high, low - (high - product)];
}

/**
 * `x ** n` for a whole `n`, correctly rounded but for results within about 2^-100 of a rounding tie: binary
 * powering in double-double arithmetic. `Math.pow` is off by one unit in the last place for about one in ten
 * whole exponents (V8 multiplies in plain doubles); at a restart of {@link cosine_restarts} that unit decides
 * on which side of the boundary a step falls, so the boundaries use this (C's `pow`, which NumPy calls for one
 * number, is correctly rounded there). Results beyond 2^±900 (and non-whole `n`) are `Math.pow`'s.
 */
function powWhole(x, n) {
  const rough = Math.pow(x, n);
  if (!Number.isInteger(n) || !(rough > 2 ** -900 && rough < 2 ** 900)) return rough;
  let result = [1.0, 0.0];
  let base = [x, 0.0];
  for (let k = Math.abs(n); k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = doubleDoubleProduct(result, base);
    if (k > 1) base = doubleDoubleProduct(base, base);
  }
  if (n >= 0) return result[0] + result[1];
  const [high, low] = result; // 1 / (high + low), one Newton step from 1 / high
  const guess = 1.0 / high;
  const [product, error] = twoProduct(guess, high);
  return guess + guess * (((1.0 - product) - error) - guess * low);
}

/** NumPy's float `mod(a, b)` for `a >= 0`, `b > 0`: C's `fmod`, which JavaScript's `%` is. */
function mod(a, b) {
  return a % b;
}

// ---------------------------------------------------------------------------------------------
// The schedules of REGISTRY. Each: parameter list, `check` (validated values) and `rates`
// (the formula on a Float64Array of steps). The exported functions below wrap them.
// ---------------------------------------------------------------------------------------------

const REQUIRED = Symbol("required");

/** @typedef {{keywords: Array<[string, *]>, check: function(Object): Object, rates: function(Float64Array, Object): Float64Array}} Formula */

/** Apply `each(step)` to every step. */
function map(steps, each) {
  const out = new Float64Array(steps.length);
  for (let i = 0; i < steps.length; i += 1) out[i] = each(steps[i]);
  return out;
}

/** @type {Object<string, Formula>} */
const FORMULAS = {
  constant: {
    keywords: [["lr0", REQUIRED]],
    check: (p) => ({ lr0: checkPositive("lr0", p.lr0) }),
    rates: (steps, { lr0 }) => map(steps, () => lr0),
  },

  step_decay: {
    keywords: [["lr0", REQUIRED], ["gamma", REQUIRED], ["step_size", REQUIRED]],
    check: (p) => ({
      lr0: checkPositive("lr0", p.lr0),
      gamma: checkInInterval("gamma", p.gamma, 0.0, 1.0, { closedHigh: true }),
      step_size: checkCount("step_size", p.step_size),
    }),
    rates: (steps, { lr0, gamma, step_size }) => map(steps, (t) => lr0 * Math.pow(gamma, Math.floor(t / step_size))),
  },

  multistep_decay: {
    keywords: [["lr0", REQUIRED], ["milestones", REQUIRED], ["gamma", REQUIRED]],
    check: (p) => ({
      lr0: checkPositive("lr0", p.lr0),
      marks: checkMilestones("milestones", p.milestones),
      gamma: checkInInterval("gamma", p.gamma, 0.0, 1.0, { closedHigh: true }),
    }),
    rates: (steps, { lr0, marks, gamma }) => map(steps, (t) => {
      let drops = 0; // searchsorted(marks, t, side="right"): the milestones <= t
      while (drops < marks.length && marks[drops] <= t) drops += 1;
      return lr0 * Math.pow(gamma, drops);
    }),
  },

  exponential_decay: {
    keywords: [["lr0", REQUIRED], ["gamma", REQUIRED], ["total_steps", REQUIRED], ["staircase", false]],
    check: (p) => ({
      lr0: checkPositive("lr0", p.lr0),
      gamma: checkInInterval("gamma", p.gamma, 0.0, 1.0, { closedHigh: true }),
      total_steps: checkCount("total_steps", p.total_steps),
      staircase: checkBool("staircase", p.staircase),
    }),
    rates: (steps, { lr0, gamma, total_steps, staircase }) => map(steps, (t) => {
      let exponent = t / total_steps;
      if (staircase) exponent = Math.floor(exponent);
      return lr0 * Math.pow(gamma, exponent);
    }),
  },

  polynomial_decay: {
    keywords: [["lr0", REQUIRED], ["total_steps", REQUIRED], ["power", 1.0], ["lr_end", 0.0]],
    check: (p) => {
      const lr0 = checkPositive("lr0", p.lr0);
      return {
        lr0,
        total_steps: checkCount("total_steps", p.total_steps),
        power: checkPositive("power", p.power),
        lr_end: checkLrFloor("lr_end", p.lr_end, "lr0", lr0),
      };
    },
    rates: (steps, { lr0, total_steps, power, lr_end }) => map(steps, (t) => {
      const remaining = 1.0 - Math.min(t, total_steps) / total_steps;
      return (lr0 - lr_end) * Math.pow(remaining, power) + lr_end;
    }),
  },

  cosine_annealing: {
    keywords: [["lr0", REQUIRED], ["total_steps", REQUIRED], ["lr_min", 0.0]],
    check: (p) => {
      const lr0 = checkPositive("lr0", p.lr0);
      return { lr0, total_steps: checkCount("total_steps", p.total_steps), lr_min: checkLrFloor("lr_min", p.lr_min, "lr0", lr0) };
    },
    rates: (steps, { lr0, total_steps, lr_min }) => map(steps, (t) => {
      const fraction = Math.min(t, total_steps) / total_steps;
      return lr_min + (lr0 - lr_min) * halfCosine(fraction);
    }),
  },

  cosine_restarts: {
    keywords: [["lr0", REQUIRED], ["period", REQUIRED], ["period_mult", 1], ["lr_min", 0.0]],
    check: (p) => {
      const lr0 = checkPositive("lr0", p.lr0);
      return {
        lr0,
        period: checkCount("period", p.period),
        period_mult: checkInInterval("period_mult", p.period_mult, 1.0, Infinity, { closedLow: true }),
        lr_min: checkLrFloor("lr_min", p.lr_min, "lr0", lr0),
      };
    },
    rates: (steps, { lr0, period, period_mult, lr_min }) => {
      const position = cyclePosition(period, period_mult);
      return map(steps, (t) => {
        const [sinceRestart, cycleLength] = position(t);
        return lr_min + (lr0 - lr_min) * halfCosine(sinceRestart / cycleLength);
      });
    },
  },

  one_cycle: {
    keywords: [["lr_max", REQUIRED], ["total_steps", REQUIRED], ["pct_start", 0.3], ["div_factor", 25.0],
      ["final_div_factor", 1e4]],
    check: (p) => {
      const checked = {
        lr_max: checkPositive("lr_max", p.lr_max),
        total_steps: checkCount("total_steps", p.total_steps, 2),
        pct_start: checkInInterval("pct_start", p.pct_start, 0.0, 1.0),
        div_factor: checkInInterval("div_factor", p.div_factor, 1.0, Infinity, { closedLow: true }),
        final_div_factor: checkInInterval("final_div_factor", p.final_div_factor, 1.0, Infinity, { closedLow: true }),
      };
      const peakStep = checked.pct_start * checked.total_steps - 1.0;
      if (peakStep <= 0) {
        throw new InvalidParameterError("pct_start * total_steps must be > 1 so that the rising phase lasts at least one "
          + `step; got pct_start=${floatRepr(checked.pct_start)} and total_steps=${pyRepr(checked.total_steps)} `
          + `(product ${formatG(checked.pct_start * checked.total_steps)}).`);
      }
      return checked;
    },
    rates: (steps, { lr_max, total_steps, pct_start, div_factor, final_div_factor }) => {
      const peakStep = pct_start * total_steps - 1.0;
      const lrInitial = lr_max / div_factor;
      const lrFinal = lrInitial / final_div_factor;
      const lastStep = total_steps - 1.0;
      return map(steps, (t) => {
        if (t <= peakStep) return lr_max + (lrInitial - lr_max) * halfCosine(Math.min(t, peakStep) / peakStep);
        const fallingFraction = (clip(t, peakStep, lastStep) - peakStep) / (lastStep - peakStep);
        return lrFinal + (lr_max - lrFinal) * halfCosine(fallingFraction);
      });
    },
  },

  inverse_time_decay: {
    keywords: [["lr0", REQUIRED], ["decay_rate", REQUIRED], ["decay_steps", REQUIRED], ["staircase", false]],
    check: (p) => ({
      lr0: checkPositive("lr0", p.lr0),
      decay_rate: checkPositive("decay_rate", p.decay_rate),
      decay_steps: checkCount("decay_steps", p.decay_steps),
      staircase: checkBool("staircase", p.staircase),
    }),
    rates: (steps, { lr0, decay_rate, decay_steps, staircase }) => map(steps, (t) => {
      let progress = t / decay_steps;
      if (staircase) progress = Math.floor(progress);
      return lr0 / (1.0 + decay_rate * progress); // 1 + k t/T -> inf gives the right limit, 0
    }),
  },

  warmup_cosine: {
    keywords: [["lr0", REQUIRED], ["total_steps", REQUIRED], ["warmup_steps", REQUIRED]],
    check: (p) => {
      const checked = {
        lr0: checkPositive("lr0", p.lr0),
        total_steps: checkCount("total_steps", p.total_steps),
        warmup_steps: checkCount("warmup_steps", p.warmup_steps, 0),
      };
      if (checked.warmup_steps > checked.total_steps) {
        throw new InvalidParameterError(`warmup_steps must be <= total_steps (total_steps=${pyRepr(checked.total_steps)}); `
          + `got warmup_steps=${pyRepr(checked.warmup_steps)}.`);
      }
      return checked;
    },
    rates: (steps, { lr0, total_steps, warmup_steps }) => map(steps, (t) => {
      if (t < warmup_steps) return lr0 * (Math.min(t, warmup_steps) / Math.max(1, warmup_steps));
      const decayFraction = (clip(t, warmup_steps, total_steps) - warmup_steps) / Math.max(1, total_steps - warmup_steps);
      return lr0 * halfCosine(decayFraction);
    }),
  },

  wsd: {
    keywords: [["lr0", REQUIRED], ["total_steps", REQUIRED], ["warmup_steps", REQUIRED], ["decay_steps", REQUIRED],
      ["decay_shape", "linear"], ["lr_min", 0.0]],
    check: (p) => {
      const lr0 = checkPositive("lr0", p.lr0);
      const checked = {
        lr0,
        total_steps: checkCount("total_steps", p.total_steps),
        warmup_steps: checkCount("warmup_steps", p.warmup_steps, 0),
        decay_steps: checkCount("decay_steps", p.decay_steps, 0),
        decay_shape: checkChoice("decay_shape", p.decay_shape, DECAY_SHAPES),
        lr_min: checkLrFloor("lr_min", p.lr_min, "lr0", lr0),
      };
      if (checked.warmup_steps + checked.decay_steps > checked.total_steps) {
        throw new InvalidParameterError("warmup_steps + decay_steps must be <= total_steps (the stable phase cannot be "
          + `negative); got warmup_steps=${pyRepr(checked.warmup_steps)}, decay_steps=${pyRepr(checked.decay_steps)} and `
          + `total_steps=${pyRepr(checked.total_steps)}.`);
      }
      return checked;
    },
    rates: (steps, { lr0, total_steps, warmup_steps, decay_steps, decay_shape, lr_min }) => {
      const height = lr0 - lr_min;
      const decayStart = total_steps - decay_steps;
      const cooldown = COOLDOWNS[decay_shape];
      return map(steps, (t) => {
        if (t < warmup_steps) return lr_min + height * (Math.min(t, warmup_steps) / Math.max(1, warmup_steps));
        if (t < decayStart) return lr0;
        if (t >= total_steps) return lr_min;
        const progress = clip(t - decayStart, 0.0, Math.max(1, decay_steps)) / Math.max(1, decay_steps);
        return lr_min + height * cooldown(progress);
      });
    },
  },

  inverse_sqrt: {
    keywords: [["lr0", REQUIRED], ["warmup_steps", REQUIRED], ["timescale", null]],
    check: (p) => {
      const lr0 = checkPositive("lr0", p.lr0);
      const warmup_steps = checkCount("warmup_steps", p.warmup_steps, 0);
      const timescale = p.timescale === null ? (warmup_steps || DEFAULT_TIMESCALE) : checkPositive("timescale", p.timescale);
      return { lr0, warmup_steps, timescale };
    },
    rates: (steps, { lr0, warmup_steps, timescale }) => map(steps, (t) => {
      if (t < warmup_steps) return lr0 * (Math.min(t, warmup_steps) / Math.max(1, warmup_steps));
      const sinceWarmup = Math.max(t - warmup_steps, 0.0);
      return lr0 / Math.sqrt(1.0 + sinceWarmup / timescale);
    }),
  },

  cyclic: {
    keywords: [["base_lr", REQUIRED], ["max_lr", REQUIRED], ["step_size_up", REQUIRED], ["step_size_down", null],
      ["mode", "triangular"], ["gamma", 1.0]],
    check: (p) => {
      const max_lr = checkPositive("max_lr", p.max_lr);
      const base_lr = checkLrFloor("base_lr", p.base_lr, "max_lr", max_lr);
      const step_size_up = checkCount("step_size_up", p.step_size_up);
      const step_size_down = p.step_size_down === null ? step_size_up : checkCount("step_size_down", p.step_size_down, 0);
      const mode = checkChoice("mode", p.mode, CYCLIC_MODES);
      const gamma = checkInInterval("gamma", p.gamma, 0.0, 1.0, { closedHigh: true });
      return { base_lr, max_lr, step_size_up, step_size_down, mode, gamma };
    },
    rates: (steps, { base_lr, max_lr, step_size_up, step_size_down, mode, gamma }) => {
      // The same operations, in the same order, as PyTorch's CyclicLR.get_lr() and the Python function.
      const totalSize = step_size_up + step_size_down;
      const stepRatio = step_size_up / totalSize;
      return map(steps, (t) => {
        const cycle = Math.floor(1.0 + t / totalSize);
        const x = 1.0 + t / totalSize - cycle;
        const shape = x <= stepRatio ? x / stepRatio : (step_size_down ? (x - 1.0) / (stepRatio - 1.0) : 0.0);
        const height = (max_lr - base_lr) * shape;
        let amplitude = 1.0;
        if (mode === "triangular2") amplitude = Math.pow(0.5, cycle - 1.0);
        else if (mode === "exp_range") amplitude = Math.pow(gamma, t);
        return base_lr + height * amplitude;
      });
    },
  },
};

/** The amplitude policies of {@link cyclic} (Smith 2017; PyTorch's `CyclicLR` modes). */
export const CYCLIC_MODES = Object.freeze(["triangular", "triangular2", "exp_range"]);

/** The cooldown shapes of {@link wsd}, as Hugging Face's `decay_type` names them. */
export const DECAY_SHAPES = Object.freeze(["linear", "1-sqrt", "cosine"]);

/** The timescale {@link inverse_sqrt} uses when there is no warm-up and none is given (Hugging Face's). */
export const DEFAULT_TIMESCALE = 10000;

/** The fraction of the way from `lr_min` to `lr0` still left at cooldown progress `p` in [0, 1]. */
const COOLDOWNS = {
  linear: (progress) => 1.0 - progress,
  "1-sqrt": (progress) => 1.0 - Math.sqrt(progress),
  cosine: halfCosine,
};

/**
 * Where step `t` falls in the warm restarts: `[steps since the current cycle began, its length]`.
 *
 * Cycle `n` starts at `S(n) = period (m^n - 1) / (m - 1)`, so `n = floor(log(1 + t (m - 1) / period) / log m)`,
 * computed with `logaddexp`; where `m^n` overflows, `S(n)` is `period m^(n-1) (1 - m^-n) / (1 - 1/m)`; then `n`
 * is nudged by one where rounding put it on the wrong side of a boundary (as `_cycle_position` does).
 */
function cyclePosition(period, m) {
  if (m === 1.0) return (t) => [mod(t, period), period];
  const starts = new Map(); // S(n) by n: a curve visits few cycles
  const startOf = (n) => {
    if (!starts.has(n)) {
      const plain = period * (powWhole(m, n) - 1.0) / (m - 1.0);
      const safeN = Math.max(n, 1.0);
      const rescaled = period * powWhole(m, safeN - 1.0) * (1.0 - powWhole(m, -safeN)) / (1.0 - 1.0 / m);
      starts.set(n, Number.isFinite(plain) ? plain : rescaled);
    }
    return starts.get(n);
  };
  const lengths = new Map(); // the length of cycle n, T0 m^n
  const lengthOf = (n) => {
    if (!lengths.has(n)) lengths.set(n, period * powWhole(m, n));
    return lengths.get(n);
  };
  const logMMinus1 = Math.log(m - 1.0);
  const logM = Math.log(m);
  return (t) => {
    const logX = logaddexp(Math.log(t / period) + logMMinus1, 0.0);
    let cycle = Math.floor(logX / logM);
    if (t < startOf(cycle)) cycle -= 1;
    if (t >= startOf(cycle + 1)) cycle += 1;
    return [t - startOf(cycle), lengthOf(cycle)];
  };
}

// ---------------------------------------------------------------------------------------------
// Keywords, the exported schedule functions, REGISTRY and evaluate
// ---------------------------------------------------------------------------------------------

/**
 * Each registry schedule's keywords in the Python signature's order, with their defaults
 * (`undefined` for a required keyword, `null` for Python's `None`).
 * @type {Readonly<Object<string, ReadonlyArray<{name: string, required: boolean, default: *}>>>}
 */
export const PARAMETERS = Object.freeze(Object.fromEntries(Object.entries(FORMULAS).map(([name, formula]) => [
  name,
  Object.freeze(formula.keywords.map(([keyword, fallback]) => Object.freeze({
    name: keyword, required: fallback === REQUIRED, default: fallback === REQUIRED ? undefined : fallback,
  }))),
])));

/**
 * `params` checked against the keywords of schedule `name` (as `schedule(name, **params)` does) and
 * completed with the defaults. A key whose value is `undefined` counts as not given.
 */
function bind(name, params) {
  const keywords = FORMULAS[name].keywords;
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw new InvalidParameterError(`params must map ${name}'s keywords to values, e.g. {'lr0': 0.1}; `
      + `got params=${pyRepr(params)}.`);
  }
  const given = Object.keys(params).filter((key) => params[key] !== undefined);
  const names = keywords.map(([keyword]) => keyword);
  const unknown = given.filter((key) => !names.includes(key));
  if (unknown.length) {
    throw new InvalidParameterError(`${name} takes the parameters ${names.join(", ")}; `
      + `got ${unknown[0]}=${pyRepr(params[unknown[0]])}.`);
  }
  const missing = keywords.filter(([keyword, fallback]) => fallback === REQUIRED && !given.includes(keyword));
  if (missing.length) {
    throw new InvalidParameterError(`${name} needs ${missing.map(([keyword]) => keyword).join(", ")}; `
      + `got only ${given.join(", ") || "none"}.`);
  }
  return Object.fromEntries(keywords.map(([keyword, fallback]) => [keyword, given.includes(keyword) ? params[keyword] : fallback]));
}

/** The formula `name` at `t` (a number, or an array: a Float64Array): steps checked first, then the parameters. */
function run(name, t, params) {
  const bound = bind(name, params);
  const { steps, isScalar } = checkSteps(t);
  const values = FORMULAS[name].rates(steps, FORMULAS[name].check(bound));
  return isScalar ? values[0] : values;
}

/** Marks a function of the step that takes a whole array of steps at once (the course's schedules). */
const TAKES_ARRAYS = Symbol("takes arrays");

function arrayWise(fn) {
  fn[TAKES_ARRAYS] = true;
  return fn;
}

/**
 * The constant rate (恒定学习率): the same rate at every step.
 *
 *     η_t = η0
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number}} params `lr0 > 0`
 * @returns {number|Float64Array}
 */
export function constant_rate(t, params) {
  return run("constant", t, params);
}

/**
 * Step decay (阶梯衰减): multiply by `gamma` every `step_size` steps (PyTorch's `StepLR`).
 *
 *     η_t = η0 · γ^floor(t / s)
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, gamma: number, step_size: number}} params `lr0 > 0`, `gamma` in (0, 1], `step_size >= 1` whole
 * @returns {number|Float64Array}
 */
export function step_decay(t, params) {
  return run("step_decay", t, params);
}

/**
 * Multi-step decay (多阶段衰减): multiply by `gamma` at each milestone; the drop takes effect *at* the
 * milestone step (`bisect_right`, PyTorch's `MultiStepLR`); a repeated milestone drops twice.
 *
 *     η_t = η0 · γ^#{m_i : m_i <= t}
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, milestones: number[], gamma: number}} params `lr0 > 0`, milestones `>= 0` sorted, `gamma` in (0, 1]
 * @returns {number|Float64Array}
 */
export function multistep_decay(t, params) {
  return run("multistep_decay", t, params);
}

/**
 * Exponential decay (指数衰减): the rate is multiplied by `gamma` every `total_steps` steps, smoothly, or
 * in steps with `staircase` (Keras's `ExponentialDecay`); it keeps decaying past `total_steps`.
 *
 *     η_t = η0 · γ^(t / T)        staircase: η_t = η0 · γ^floor(t / T)
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, gamma: number, total_steps: number, staircase?: boolean}} params
 *   `lr0 > 0`, `gamma` in (0, 1], `total_steps >= 1` whole, `staircase` default `false`
 * @returns {number|Float64Array}
 */
export function exponential_decay(t, params) {
  return run("exponential_decay", t, params);
}

/**
 * Polynomial decay (多项式衰减) from `lr0` to `lr_end` over `total_steps`, held at `lr_end` afterwards.
 *
 *     η_t = (η0 − η_end) · (1 − min(t, T) / T)^α + η_end
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, total_steps: number, power?: number, lr_end?: number}} params
 *   `lr0 > 0`, `total_steps >= 1` whole, `power > 0` (default 1), `0 <= lr_end <= lr0` (default 0)
 * @returns {number|Float64Array}
 */
export function polynomial_decay(t, params) {
  return run("polynomial_decay", t, params);
}

/**
 * Cosine annealing (余弦衰减) from `lr0` down to `lr_min`, held at `lr_min` for `t >= total_steps`.
 *
 *     η_t = η_min + (η0 − η_min) · ½ (1 + cos(π min(t, T) / T))
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, total_steps: number, lr_min?: number}} params
 *   `lr0 > 0`, `total_steps >= 1` whole, `0 <= lr_min <= lr0` (default 0)
 * @returns {number|Float64Array}
 */
export function cosine_annealing(t, params) {
  return run("cosine_annealing", t, params);
}

/**
 * Cosine annealing with warm restarts (带热重启的余弦, SGDR, Loshchilov & Hutter 2017): cycle i = 0, 1, ...
 * lasts T_i = T0 · m^i steps, and at the start of each the rate jumps back to `lr0`.
 *
 *     η_t = η_min + (η0 − η_min) · ½ (1 + cos(π t_cur / T_i)),   t_cur = steps since cycle i began
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, period: number, period_mult?: number, lr_min?: number}} params
 *   `lr0 > 0`, `period >= 1` whole, `period_mult >= 1` (default 1), `0 <= lr_min <= lr0` (default 0)
 * @returns {number|Float64Array}
 */
export function cosine_restarts(t, params) {
  return run("cosine_restarts", t, params);
}

/**
 * One-cycle policy (单周期, Smith & Topin 2019; PyTorch's `OneCycleLR` with cosine annealing, two phases).
 * With η_init = η_max / d, η_final = η_init / d_final, c(x) = ½ (1 + cos πx) and a = p·T − 1:
 *
 *     η_t = η_max + (η_init − η_max) · c(t / a)                            for t <= a
 *     η_t = η_final + (η_max − η_final) · c((min(t, T−1) − a) / (T − 1 − a))  for t > a
 *
 * The last step, t = T − 1, is the minimum, held afterwards.
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr_max: number, total_steps: number, pct_start?: number, div_factor?: number, final_div_factor?: number}} params
 *   `lr_max > 0`, `total_steps >= 2` whole with `pct_start * total_steps > 1`, `pct_start` in (0, 1) (default 0.3),
 *   `div_factor >= 1` (default 25), `final_div_factor >= 1` (default 1e4)
 * @returns {number|Float64Array}
 */
export function one_cycle(t, params) {
  return run("one_cycle", t, params);
}

/**
 * Inverse-time decay (反时间衰减, Keras's `InverseTimeDecay`): the rate falls like 1/t.
 *
 *     η_t = η0 / (1 + k t / T)        staircase: η_t = η0 / (1 + k floor(t / T))
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, decay_rate: number, decay_steps: number, staircase?: boolean}} params
 *   `lr0 > 0`, `decay_rate > 0`, `decay_steps >= 1` whole, `staircase` default `false`
 * @returns {number|Float64Array}
 */
export function inverse_time_decay(t, params) {
  return run("inverse_time_decay", t, params);
}

/**
 * Linear warm-up from 0 to `lr0`, then cosine decay to 0 (预热 + 余弦, the transformer recipe; Hugging
 * Face's `get_cosine_schedule_with_warmup` for t <= T). Past T it holds its value at T.
 *
 *     η_t = η0 · t / W                                           for t < W
 *     η_t = η0 · ½ (1 + cos(π (min(t, T) − W) / max(1, T − W)))  for t >= W
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, total_steps: number, warmup_steps: number}} params
 *   `lr0 > 0`, `total_steps >= 1` whole, `0 <= warmup_steps <= total_steps` whole
 * @returns {number|Float64Array}
 */
export function warmup_cosine(t, params) {
  return run("warmup_cosine", t, params);
}

/**
 * Warmup-stable-decay (WSD, 预热-稳定-衰减): a linear warm-up, a constant stretch, a cooldown of D steps
 * starting at C = T − D with shape s(p) = 1 − p ("linear"), 1 − √p ("1-sqrt") or ½ (1 + cos πp) ("cosine").
 *
 *     η_t = η_min + (η0 − η_min) · t / W              for t < W
 *     η_t = η0                                        for W <= t < C
 *     η_t = η_min + (η0 − η_min) · s((t − C) / D)     for C <= t < T
 *     η_t = η_min                                     for t >= T
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, total_steps: number, warmup_steps: number, decay_steps: number, decay_shape?: string, lr_min?: number}} params
 *   `lr0 > 0`, `total_steps >= 1`, `warmup_steps >= 0`, `decay_steps >= 0` whole with `warmup_steps + decay_steps <= total_steps`,
 *   `decay_shape` one of {@link DECAY_SHAPES} (default "linear"), `0 <= lr_min <= lr0` (default 0)
 * @returns {number|Float64Array}
 */
export function wsd(t, params) {
  return run("wsd", t, params);
}

/**
 * Inverse square root (平方根倒数): linear warm-up to `lr0`, then decay like 1/√t, with no end
 * (Hugging Face's `get_inverse_sqrt_schedule`). τ defaults to W, or 10 000 when W = 0.
 *
 *     η_t = η0 · t / W                  for t < W
 *     η_t = η0 / √(1 + (t − W) / τ)     for t >= W
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, warmup_steps: number, timescale?: number|null}} params
 *   `lr0 > 0`, `warmup_steps >= 0` whole, `timescale > 0` or `null` (default)
 * @returns {number|Float64Array}
 */
export function inverse_sqrt(t, params) {
  return run("inverse_sqrt", t, params);
}

/**
 * Cyclical learning rate (循环学习率, Smith 2017; PyTorch's `CyclicLR` with `cycle_momentum=False`).
 * A cycle lasts L = u + d steps; cycle c = floor(1 + t/L), position x = 1 + t/L − c, r = u / L:
 *
 *     η_t = η_base + (η_max − η_base) · h(x) · a_t,   h(x) = x / r for x <= r, (x − 1) / (r − 1) otherwise
 *
 * (h = 0 on the way down when d = 0), amplitude a_t = 1 ("triangular"), 0.5^(c − 1) ("triangular2") or
 * γ^t ("exp_range").
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{base_lr: number, max_lr: number, step_size_up: number, step_size_down?: number|null, mode?: string, gamma?: number}} params
 *   `max_lr > 0`, `0 <= base_lr <= max_lr`, `step_size_up >= 1` whole, `step_size_down >= 0` whole or `null`
 *   (default: `step_size_up`), `mode` one of {@link CYCLIC_MODES} (default "triangular"), `gamma` in (0, 1] (default 1)
 * @returns {number|Float64Array}
 */
export function cyclic(t, params) {
  return run("cyclic", t, params);
}

for (const fn of [constant_rate, step_decay, multistep_decay, exponential_decay, polynomial_decay, cosine_annealing,
  cosine_restarts, one_cycle, inverse_time_decay, warmup_cosine, wsd, inverse_sqrt, cyclic]) arrayWise(fn);

/**
 * Every schedule of the course by its Python `REGISTRY` name: `REGISTRY[name](t, params)`.
 * @type {Readonly<Object<string, function((number|ArrayLike<number>), Object): (number|Float64Array)>>}
 */
export const REGISTRY = Object.freeze({
  constant: constant_rate,
  step_decay,
  multistep_decay,
  exponential_decay,
  polynomial_decay,
  cosine_annealing,
  cosine_restarts,
  one_cycle,
  inverse_time_decay,
  warmup_cosine,
  wsd,
  inverse_sqrt,
  cyclic,
});

/** The registry name, or the Python error for an unknown one (`name must be one of ...`). */
function checkName(name) {
  return checkChoice("name", name, Object.keys(REGISTRY));
}

/**
 * Schedule `name` with `params` at every step of `steps`, as Python's `schedule(name, **params)(steps)`:
 * the name, the keywords and their values are checked first, then the steps.
 *
 * @param {string} name a key of {@link REGISTRY}
 * @param {number|ArrayLike<number>} steps the steps (a number gives one value)
 * @param {Object} params the formula's keywords
 * @returns {Float64Array}
 */
export function evaluate(name, steps, params) {
  checkName(name);
  const checked = FORMULAS[name].check(bind(name, params));
  const { steps: values } = checkSteps(steps);
  return FORMULAS[name].rates(values, checked);
}

/**
 * A schedule as a value (调度对象), as Python's `schedule(name, **params)`: checked now, then a function
 * of the step (a number gives a number, an array a Float64Array), with `.schedule_name` and `.params`.
 *
 * @param {string} name a key of {@link REGISTRY}
 * @param {Object} params the formula's keywords
 * @returns {function((number|ArrayLike<number>)): (number|Float64Array)}
 */
export function schedule(name, params) {
  checkName(name);
  const bound = bind(name, params);
  FORMULAS[name].check(bound);
  const fn = arrayWise((t) => run(name, t, params));
  fn.schedule_name = name;
  fn.params = Object.freeze({ ...bound });
  return fn;
}

// ---------------------------------------------------------------------------------------------
// Composition (composition.py): linear warm-up, joins, a warm-up for any schedule
// ---------------------------------------------------------------------------------------------

/**
 * Linear warm-up (线性预热) from `start_factor * lr0` to `lr0` over `warmup_steps`, then `lr0`.
 *
 *     η_t = η0 · (f + (1 − f) · min(t, W) / W)   for t < W;   η0 for t >= W
 *
 * @param {number|ArrayLike<number>} t step(s), `t >= 0`
 * @param {{lr0: number, warmup_steps: number, start_factor?: number}} params
 *   `lr0 > 0`, `warmup_steps >= 1` whole, `start_factor` in [0, 1] (default 0)
 * @returns {number|Float64Array}
 */
export function linear_warmup(t, params) {
  const { steps, isScalar } = checkSteps(t);
  const { lr0, warmup_steps, start_factor = 0.0 } = params;
  checkPositive("lr0", lr0);
  checkCount("warmup_steps", warmup_steps);
  checkInInterval("start_factor", start_factor, 0.0, 1.0, { closedLow: true, closedHigh: true });
  const values = map(steps, (step) => (step < warmup_steps
    ? lr0 * (start_factor + (1.0 - start_factor) * Math.min(step, warmup_steps) / warmup_steps)
    : lr0));
  return isScalar ? values[0] : values;
}
arrayWise(linear_warmup);

/**
 * A schedule's rates on an array of steps, finite and >= 0, as Python's `rates_on`: a function of the whole
 * array (the course's schedules, joins and warm-ups) is called once, any other function step by step.
 */
function ratesOn(fn, steps, label, offset) {
  let rates;
  if (fn[TAKES_ARRAYS]) {
    const whole = fn(steps);
    rates = typeof whole === "number" ? map(steps, () => whole) : Float64Array.from(whole);
  } else {
    rates = map(steps, (step) => {
      const value = fn(step);
      if (typeof value !== "number") {
        throw new InvalidParameterError("schedule must return a number (the learning rate) at every step; "
          + `schedule ${label} returned ${pyRepr(value)} (${value === null ? "NoneType" : typeof value}) `
          + `at step ${formatG(step + offset)}.`);
      }
      return value;
    });
  }
  const bad = rates.findIndex((rate) => !Number.isFinite(rate) || rate < 0);
  if (bad >= 0) {
    throw new InvalidParameterError(`learning rates must be finite and >= 0; schedule ${label} gave `
      + `${formatG(rates[bad])} at step ${formatG(steps[bad] + offset)}.`);
  }
  return rates;
}

/**
 * Run `schedules` one after another, switching at `boundaries` (optax's `join_schedules`, PyTorch's
 * `SequentialLR`); each later schedule counts its steps from its boundary.
 *
 *     η_t = s_i(t − b_{i−1})   for b_{i−1} <= t < b_i,   b_{−1} = 0, b_n = ∞
 *
 * @param {Array<function>} schedules `n + 1` functions of the step
 * @param {number[]} boundaries `n` whole steps >= 0, strictly increasing
 * @returns {function((number|ArrayLike<number>)): (number|Float64Array)}
 */
export function join_schedules(schedules, boundaries) {
  if (!Array.isArray(schedules) || schedules.length === 0) {
    throw new InvalidParameterError(`schedules must be a non-empty list of schedules (callables); got schedules=${pyRepr(schedules)}.`);
  }
  schedules.forEach((fn, index) => checkCallable(`schedules[${index}]`, fn));
  if (!(Array.isArray(boundaries) || ArrayBuffer.isView(boundaries))) {
    throw new InvalidParameterError(`boundaries must be a list of steps in increasing order, e.g. [100]; got boundaries=${pyRepr(boundaries)}.`);
  }
  const marks = Array.from(boundaries, (b, i) => checkCount(`boundaries[${i}]`, b, 0));
  if (marks.length !== schedules.length - 1) {
    throw new InvalidParameterError(`boundaries must have one entry fewer than schedules: got ${schedules.length} schedules `
      + `and ${marks.length} boundaries (boundaries=${pyRepr(marks)}).`);
  }
  for (let i = 1; i < marks.length; i += 1) {
    if (marks[i] <= marks[i - 1]) {
      throw new InvalidParameterError(`boundaries must be strictly increasing; got boundaries=${pyRepr(marks)} `
        + `(boundaries[${i}]=${marks[i]} is not after ${marks[i - 1]}).`);
    }
  }
  const parts = schedules.slice();
  const starts = [0, ...marks];
  const ends = [...marks, Infinity];
  const joined = arrayWise((t) => {
    const { steps, isScalar } = checkSteps(t);
    const values = new Float64Array(steps.length);
    parts.forEach((fn, index) => {
      const inside = [];
      steps.forEach((step, i) => { if (step >= starts[index] && step < ends[index]) inside.push(i); });
      if (!inside.length) return;
      const shifted = Float64Array.from(inside, (i) => steps[i] - starts[index]);
      const rates = ratesOn(fn, shifted, `schedules[${index}]`, starts[index]);
      inside.forEach((i, k) => { values[i] = rates[k]; });
    });
    return isScalar ? values[0] : values;
  });
  joined.schedules = Object.freeze(parts);
  joined.boundaries = Object.freeze(marks);
  return joined;
}

/**
 * Give any schedule a linear warm-up (Python's `with_warmup`): ramp up for `warmup_steps`, then run the
 * schedule on its own clock, started at the end of the warm-up.
 *
 *     η_t = η0 · (f + (1 − f) · t / W)   for t < W;   s(t − W) for t >= W;   η0 = s(0) unless given
 *
 * @param {function} schedule a function of the step, e.g. `schedule("cosine_annealing", {lr0: 1, total_steps: 100})`
 * @param {number} warmup_steps `W >= 0` whole; 0 gives the schedule unchanged (as a join)
 * @param {number|null} [lr0=null] the rate the warm-up climbs to; default `schedule(0)`
 * @param {number} [start_factor=0] `f` in [0, 1], the first rate as a fraction of `lr0`
 * @returns {function((number|ArrayLike<number>)): (number|Float64Array)}
 */
export function with_warmup(schedule, warmup_steps, lr0 = null, start_factor = 0.0) {
  checkCallable("schedule", schedule);
  checkCount("warmup_steps", warmup_steps, 0);
  checkInInterval("start_factor", start_factor, 0.0, 1.0, { closedLow: true, closedHigh: true });
  let peak = lr0;
  if (peak === null || peak === undefined) {
    const first = schedule(0);
    const value = typeof first === "number" ? first : (first && first.length === 1 ? first[0] : NaN);
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      const shown = typeof first === "number" ? zeroDimensionalRepr(first) : pyRepr(first, "float");
      throw new InvalidParameterError(`with_warmup climbs to schedule(0), which must be a number > 0; got schedule(0)=`
        + `${shown}. Pass lr0 to choose the peak of the warm-up.`);
    }
    peak = value;
  }
  checkPositive("lr0", peak);
  if (warmup_steps === 0) return join_schedules([schedule], []);
  const ramp = arrayWise((t) => linear_warmup(t, { lr0: peak, warmup_steps, start_factor }));
  return join_schedules([ramp, schedule], [warmup_steps]);
}

// ---------------------------------------------------------------------------------------------
// Reduce-on-plateau (plateau.py): PyTorch 2.13's ReduceLROnPlateau rule for rule
// ---------------------------------------------------------------------------------------------

const PLATEAU_MODES = ["min", "max"];
const THRESHOLD_MODES = ["rel", "abs"];
const PLATEAU_KEYWORDS = [["lr0", REQUIRED], ["mode", "min"], ["factor", 0.1], ["patience", 10], ["threshold", 1e-4],
  ["threshold_mode", "rel"], ["cooldown", 0], ["min_lr", 0.0], ["eps", 1e-8]];

/** The keywords of {@link ReduceLROnPlateau} with their defaults, as {@link PARAMETERS} lists a schedule's. */
export const PLATEAU_PARAMETERS = Object.freeze(PLATEAU_KEYWORDS.map(([keyword, fallback]) => Object.freeze({
  name: keyword, required: fallback === REQUIRED, default: fallback === REQUIRED ? undefined : fallback,
})));

/**
 * Reduce the learning rate when a metric has stopped improving (平台期衰减). Call `step(metric)` once per
 * evaluation; it returns the rate to use next (also kept in `lr`).
 *
 * After each metric m_k: it is an improvement if it beats the best b by more than the threshold th
 * (mode "min": m_k < b(1 − th) for "rel", m_k < b − th for "abs"; "max" mirrors); an improvement becomes
 * the best and resets the bad-step count, otherwise the count grows; during a cooldown bad steps are not
 * counted; when the count exceeds `patience` the rate becomes max(η · factor, η_min) unless that lowers it
 * by `eps` or less, the count resets and the cooldown starts.
 */
export class ReduceLROnPlateau {
  /**
   * @param {{lr0: number, mode?: string, factor?: number, patience?: number, threshold?: number,
   *   threshold_mode?: string, cooldown?: number, min_lr?: number, eps?: number}} params
   *   the Python keywords: `lr0 > 0`, `mode` "min"/"max", `factor` in (0, 1) (default 0.1), `patience >= 0`
   *   (default 10), `threshold >= 0` (default 1e-4), `threshold_mode` "rel"/"abs", `cooldown >= 0` (default 0),
   *   `0 <= min_lr <= lr0` (default 0), `eps >= 0` (default 1e-8)
   */
  constructor(params) {
    const names = PLATEAU_KEYWORDS.map(([keyword]) => keyword);
    if (params === null || typeof params !== "object" || Array.isArray(params)) {
      throw new InvalidParameterError(`params must map ReduceLROnPlateau's keywords to values, e.g. {'lr0': 0.1}; `
        + `got params=${pyRepr(params)}.`);
    }
    const unknown = Object.keys(params).filter((key) => params[key] !== undefined && !names.includes(key));
    if (unknown.length) {
      throw new InvalidParameterError(`ReduceLROnPlateau takes the parameters ${names.join(", ")}; `
        + `got ${unknown[0]}=${pyRepr(params[unknown[0]])}.`);
    }
    const p = Object.fromEntries(PLATEAU_KEYWORDS.map(([keyword, fallback]) => [keyword,
      params[keyword] === undefined ? fallback : params[keyword]]));
    if (p.lr0 === REQUIRED) throw new InvalidParameterError("ReduceLROnPlateau needs lr0; got only "
      + `${Object.keys(params).filter((key) => params[key] !== undefined).join(", ") || "none"}.`);
    this.lr0 = checkPositive("lr0", p.lr0);
    this.mode = checkChoice("mode", p.mode, PLATEAU_MODES);
    this.factor = checkInInterval("factor", p.factor, 0.0, 1.0);
    this.patience = checkCount("patience", p.patience, 0);
    this.threshold = checkNonNegative("threshold", p.threshold);
    this.threshold_mode = checkChoice("threshold_mode", p.threshold_mode, THRESHOLD_MODES);
    this.cooldown = checkCount("cooldown", p.cooldown, 0);
    this.min_lr = checkNonNegative("min_lr", p.min_lr);
    if (this.min_lr > this.lr0) {
      throw new InvalidParameterError(`min_lr must be <= lr0 (lr0=${formatG(this.lr0)}); got min_lr=${floatRepr(p.min_lr)}.`);
    }
    this.eps = checkNonNegative("eps", p.eps);
    /** The current learning rate. */
    this.lr = this.lr0;
    /** Best metric so far (`Infinity` for "min", `-Infinity` for "max" before the first step). */
    this.best = this.mode === "min" ? Infinity : -Infinity;
    /** Bad steps counted since the last improvement or reduction. */
    this.num_bad_steps = 0;
    /** Cooldown steps still to go. */
    this.cooldown_counter = 0;
    /** Calls of `step` so far. */
    this.steps_taken = 0;
  }

  /** Whether bad steps are currently being ignored after a reduction. */
  get in_cooldown() {
    return this.cooldown_counter > 0;
  }

  /**
   * Whether `metric` beats `best` by more than the threshold.
   * @param {number} metric
   * @returns {boolean}
   */
  is_improvement(metric) {
    if (this.mode === "min") {
      const bar = this.threshold_mode === "rel" ? this.best * (1.0 - this.threshold) : this.best - this.threshold;
      return metric < bar;
    }
    const bar = this.threshold_mode === "rel" ? this.best * (1.0 + this.threshold) : this.best + this.threshold;
    return metric > bar;
  }

  /**
   * Record one value of the monitored metric and return the learning rate to use next.
   * @param {number} metric a finite number
   * @returns {number}
   */
  step(metric) {
    const index = this.steps_taken;
    if (typeof metric !== "number") {
      throw new InvalidParameterError(`metric must be a real number; got metric=${pyRepr(metric, "float")} at step ${index}.`);
    }
    if (!Number.isFinite(metric)) {
      throw new InvalidParameterError(`metric must be finite; got metric=${floatRepr(metric)} at step ${index} `
        + "(a NaN or infinite loss usually means the training run diverged).");
    }
    this.steps_taken += 1;
    if (this.is_improvement(metric)) {
      this.best = metric;
      this.num_bad_steps = 0;
    } else {
      this.num_bad_steps += 1;
    }
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_steps = 0;
    }
    if (this.num_bad_steps > this.patience) {
      const newLr = Math.max(this.lr * this.factor, this.min_lr);
      if (this.lr - newLr > this.eps) this.lr = newLr;
      this.cooldown_counter = this.cooldown;
      this.num_bad_steps = 0;
    }
    return this.lr;
  }
}

/**
 * Replay a sequence of metric values through {@link ReduceLROnPlateau}: entry k is the rate after
 * `step(metrics[k])`, i.e. the rate used for epoch k + 1 (epoch 0 uses `lr0`).
 *
 * @param {ArrayLike<number>} metrics the monitored metric, one value per epoch
 * @param {Object} params the keywords of {@link ReduceLROnPlateau}, `lr0` among them
 * @returns {Float64Array}
 */
export function plateau_schedule(metrics, params) {
  const plateau = new ReduceLROnPlateau(params);
  if (!(Array.isArray(metrics) || ArrayBuffer.isView(metrics))) {
    throw new InvalidParameterError(`metrics must be a sequence of numbers; got metrics=${pyRepr(metrics, "float")}.`);
  }
  return Float64Array.from(Array.from(metrics), (metric) => plateau.step(metric));
}

/**
 * @typedef {Object} PlateauStep What the plateau rule saw and did at one `step(metric)` (Python's `PlateauStep`).
 * @property {number} step the call's index, from 0
 * @property {number} metric
 * @property {boolean} improved judged against the best value before the step
 * @property {boolean} in_cooldown whether the step fell in a cooldown
 * @property {number} bad_in_a_row the count the decision was made on (0 after an improvement or in a cooldown)
 * @property {number} best the best value after the step
 * @property {number} num_bad_steps the count after the step (0 after a cut)
 * @property {boolean} cut whether the rate went down at this step
 * @property {number} lr the rate to use next
 */

/**
 * Feed `metrics` to `plateau` one by one and record each decision (the object is advanced).
 *
 * @param {ArrayLike<number>} metrics the monitored metric, one value per epoch
 * @param {ReduceLROnPlateau} plateau
 * @returns {PlateauStep[]}
 */
export function plateau_trace(metrics, plateau) {
  if (!(plateau instanceof ReduceLROnPlateau)) {
    throw new InvalidParameterError(`plateau must be a ReduceLROnPlateau; got plateau=${pyRepr(plateau)}.`);
  }
  const rows = [];
  for (const metric of Array.from(metrics)) {
    const before = plateau.lr;
    const cooling = plateau.in_cooldown;
    const improved = typeof metric === "number" && Number.isFinite(metric) ? plateau.is_improvement(metric) : false;
    const index = plateau.steps_taken;
    const counted = improved || cooling ? 0 : plateau.num_bad_steps + 1;
    const lr = plateau.step(metric);
    rows.push({
      step: index, metric, improved, in_cooldown: cooling, bad_in_a_row: counted, best: plateau.best,
      num_bad_steps: plateau.num_bad_steps, cut: lr < before, lr,
    });
  }
  return rows;
}
