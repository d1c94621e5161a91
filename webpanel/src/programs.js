/**
 * What a panel draws, computed from its controls' values: the spec's small expression language.
 *
 * A value expression is a number or text, `{"control": name}` (the control's value, or a derived value's),
 * `{"sorted": [e, ...]}`, `{"list": [e, ...]}`, `{"op": "+"|"-"|"*"|"/"|"floor"|"min"|"max"|"<=", "args": [e, ...]}`
 * (arithmetic, in doubles as Python's floats) or `{"matched": {schedule program}, "parameter": p, "target":
 * {schedule program}, "horizon": e, "quantity": "mean_rate", "bounds": [low, high], "xtol": x}` (the value of p
 * that gives the schedule the target's mean rate: the chapter's `match_parameter` bisection, step for step),
 * `{"outcome": {descent}, "field": "diverged"|"diverged_at_step"|"diverged_lr"|"final_loss"}` (how a descent
 * ended), `{"if": e, "then": template, "else": template}` (a text filled from the names) or
 * `{"check": e, "message": template}` (true, or the values are refused with the message).
 * A series' y program is one of
 * `{"schedule": name, "params": {k: e}}` (a formula of schedules.js),
 * `{"with_warmup": {schedule program}, "warmup_steps": e, "start_factor": e}` (a linear warm-up in front),
 * `{"values": [y, ...]}` (drawn as it is: a reference curve),
 * `{"constant": e}` (a horizontal line),
 * `{"share": program}` (cumsum(y) / sum(y): the share of a total reached by each step, summed as NumPy does),
 * `{"plateau": {ReduceLROnPlateau's keywords: e}, "metrics": [m, ...], "field": "best"|"lr"|"rate_used"}`
 *   (a column of plateau_trace over scripted metrics),
 * `{"descent": {"rates": {schedule program}|{"constant": e}, "curvatures", "start", "n_steps", "divergence_factor"},
 *   "field": "x1"|"x2"|"loss"|"stop"}` (gradient descent on a quadratic bowl: its iterates or loss per step, or
 *   the loss at the last step kept before a divergence),
 * `{"computed": key}` (an array the kernel computed for the current values: a training panel's curves).
 * Every number the browser draws comes from these, with the Python functions' formulas and arguments.
 */
import { REGISTRY, InvalidParameterError, ReduceLROnPlateau, evaluate, plateau_trace, schedule, with_warmup }
  from "./schedules.js";
import { cumsum, mean, sum } from "./numeric.js";
import { fill } from "./format.js";

const OPERATIONS = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => {
    if (b === 0) throw new Error("division by zero");
    return a / b;
  },
  floor: (a) => Math.floor(a),
  min: (a, b) => Math.min(a, b),
  max: (a, b) => Math.max(a, b),
  "<=": (a, b) => a <= b,
};

const QUANTITIES = { mean_rate: mean };

/** Python's `f"{x:g}"` (6 significant digits), for the bisection's message. */
function formatG6(x) {
  if (x === 0) return "0";
  const [m, e] = x.toExponential(5).split("e");
  const exponent = Number(e);
  const trim = (text) => (text.includes(".") ? text.replace(/\.?0+$/, "") : text);
  if (exponent < -4 || exponent >= 6) return `${trim(m)}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return trim(x.toFixed(Math.max(0, 5 - exponent)));
}

/** The chapter's `match_parameter`: bisection on `bounds` for `quantity(curve(p)) = target`, the same
 * midpoints and comparisons, so the same value. */
function matched(expression, values) {
  const inner = expression.matched;
  const horizon = value(expression.horizon, values);
  if (!Number.isInteger(horizon) || horizon < 2) throw new InvalidParameterError(`horizon must be a whole number >= 2; got horizon=${horizon}.`);
  const quantity = QUANTITIES[expression.quantity];
  if (!quantity) throw new Error(`the panels know no quantity ${expression.quantity}`);
  const t = new Float64Array(horizon);
  for (let i = 0; i < horizon; i++) t[i] = i;
  const target = quantity(evaluate(expression.target.schedule, t, params(expression.target, values)));
  const fixed = params(inner, values);
  const parameter = expression.parameter;
  const at = (p) => quantity(evaluate(inner.schedule, t, { ...fixed, [parameter]: p }));
  let [low, high] = expression.bounds;
  const qLow = at(low), qHigh = at(high);
  if (!(Math.min(qLow, qHigh) <= target && target <= Math.max(qLow, qHigh))) {
    throw new InvalidParameterError(`target must lie between ${expression.quantity} at ${parameter}=${formatG6(low)} `
      + `(${formatG6(qLow)}) and at ${parameter}=${formatG6(high)} (${formatG6(qHigh)}); got target=${target}.`);
  }
  const rising = qHigh > qLow;
  while (high - low > expression.xtol) {
    const middle = 0.5 * (low + high);
    if (middle === low || middle === high) break;
    if ((at(middle) < target) === rising) low = middle;
    else high = middle;
  }
  return 0.5 * (low + high);
}

export function value(expression, values) {
  if (expression === null || typeof expression !== "object") return expression;
  if (Array.isArray(expression)) return expression.map((e) => value(e, values));
  if ("control" in expression) {
    if (!(expression.control in values)) throw new Error(`the panel has no control ${expression.control}`);
    return values[expression.control];
  }
  if ("sorted" in expression) return expression.sorted.map((e) => value(e, values)).sort((a, b) => a - b);
  if ("list" in expression) return expression.list.map((e) => value(e, values));
  if ("op" in expression) {
    if (!(expression.op in OPERATIONS)) throw new Error(`unknown operation ${expression.op}`);
    return OPERATIONS[expression.op](...expression.args.map((e) => value(e, values)));
  }
  if ("matched" in expression) return matched(expression, values);
  if ("outcome" in expression) {
    const run = descent(expression.outcome, values);
    if (!(expression.field in run)) throw new Error(`a descent has no outcome ${expression.field}`);
    return run[expression.field];
  }
  if ("check" in expression) {
    if (!value(expression.check, values)) throw new InvalidParameterError(fill(expression.message, values));
    return true;
  }
  if ("if" in expression) return fill(value(expression.if, values) ? expression.then : expression.else, values);
  throw new Error(`unknown value expression ${JSON.stringify(expression)}`);
}

/** The package's `gradient_descent_path` on ½ Σ λᵢ xᵢ² (training/landscapes.py), step for step: the rates
 * of steps 0 .. n-1, x ← (1 − η_t λ) x, and a stop before the first step whose loss is not <= factor times
 * the first loss (inf and NaN included). Returns the kept iterates and losses and how the run ended. */
export function descent(d, values) {
  const n = d.n_steps;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = i;
  const rates = "constant" in d.rates ? new Float64Array(n).fill(value(d.rates.constant, values))
    : evaluate(d.rates.schedule, t, params(d.rates, values));
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(rates[i]) || rates[i] < 0) {
      throw new InvalidParameterError(`learning rates must be finite and >= 0; got ${rates[i]} at step ${i}.`);
    }
  }
  const lam = d.curvatures;
  const loss = (x) => 0.5 * sum(Float64Array.from(x, (v, i) => lam[i] * (v * v)));
  let x = Float64Array.from(d.start);
  const points = [x], losses = [loss(x)];
  const limit = d.divergence_factor * Math.max(losses[0], 1e-300);
  let at = null;
  for (let step = 0; step < n; step++) {
    x = Float64Array.from(x, (v, i) => (1.0 - rates[step] * lam[i]) * v);
    const f = loss(x);
    if (!(f <= limit)) { at = step; break; }
    points.push(x);
    losses.push(f);
  }
  return { points, losses, diverged: at !== null, diverged_at_step: at, diverged_lr: at === null ? null : rates[at],
    final_loss: losses[losses.length - 1] };
}

export function steps(x, computed = {}, values = {}) {
  if (Array.isArray(x)) return Float64Array.from(x);
  if ("computed" in x) return fromKernel(x.computed, computed);
  const n = value(x.stop, values) - value(x.start, values);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = x.start + i;
  return out;
}

function params(program, values) {
  const out = {};
  for (const [key, expression] of Object.entries(program.params || {})) out[key] = value(expression, values);
  return out;
}

/** The y values of `program` at the steps `t` (a Float64Array). Throws the schedule's own error message
 * for values the formula refuses. */
function fromKernel(key, computed) {
  if (!(key in computed)) throw new Error(`the kernel sent no ${key} (run the notebook to move this panel)`);
  return Float64Array.from(computed[key], (v) => (v === null ? NaN : v));
}

export function series(program, t, values, computed = {}) {
  if ("schedule" in program) {
    if (!(program.schedule in REGISTRY)) throw new Error(`schedules.js has no schedule ${program.schedule}`);
    return evaluate(program.schedule, t, params(program, values));
  }
  if ("with_warmup" in program) {
    const inner = program.with_warmup;
    const decay = schedule(inner.schedule, params(inner, values));
    return Float64Array.from(with_warmup(decay, value(program.warmup_steps, values), null,
      value(program.start_factor, values))(t));
  }
  if ("values" in program) return Float64Array.from(program.values);
  if ("constant" in program) return new Float64Array(t.length).fill(value(program.constant, values));
  if ("computed" in program) return fromKernel(program.computed, computed);
  if ("share" in program) {
    const y = series(program.share, t, values, computed);
    const total = sum(y);
    return cumsum(y).map((v) => v / total);
  }
  if ("descent" in program) { // one value per step 0 .. n_steps, NaN after a divergence
    const run = descent(program.descent, values);
    const out = new Float64Array(program.descent.n_steps + 1).fill(NaN);
    const field = program.field;
    if (field === "stop") { // a marker at the last step kept before a divergence
      if (run.diverged) out[run.losses.length - 1] = run.losses[run.losses.length - 1];
      return out;
    }
    if (field !== "loss" && field !== "x1" && field !== "x2") throw new Error(`unknown descent field ${field}`);
    run.losses.forEach((f, k) => { out[k] = field === "loss" ? f : run.points[k][field === "x1" ? 0 : 1]; });
    return out;
  }
  if ("plateau" in program) {
    const keywords = params({ params: program.plateau }, values);
    const plateau = new ReduceLROnPlateau(keywords);
    const rows = plateau_trace(program.metrics, plateau);
    if (program.field === "best") return Float64Array.from(rows, (r) => r.best);
    if (program.field === "lr") return Float64Array.from(rows, (r) => r.lr);
    if (program.field === "rate_used") return Float64Array.from([plateau.lr0, ...rows.slice(0, -1).map((r) => r.lr)]);
    throw new Error(`unknown plateau field ${program.field}`);
  }
  throw new Error(`unknown series program ${JSON.stringify(program)}`);
}

/** Values of the derived names a label may use (e.g. sorted milestones), over the controls' values. */
export function labelValues(spec, values) {
  const out = { ...values };
  // [name, expression] pairs, in order (each may use the ones before it); a mapping in panels saved before
  const derived = Array.isArray(spec.derived) ? spec.derived : Object.entries(spec.derived || {});
  for (const [name, expression] of derived) out[name] = value(expression, out);
  return out;
}
