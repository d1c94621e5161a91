/**
 * What a panel draws, computed from its controls' values: the spec's small expression language.
 *
 * A value expression is a number or text, `{"control": name}` (the control's value), `{"sorted": [e, ...]}`
 * or `{"list": [e, ...]}`. A series' y program is one of
 * `{"schedule": name, "params": {k: e}}` (a formula of schedules.js),
 * `{"with_warmup": {schedule program}, "warmup_steps": e, "start_factor": e}` (a linear warm-up in front),
 * `{"values": [y, ...]}` (drawn as it is: a reference curve),
 * `{"constant": e}` (a horizontal line),
 * `{"computed": key}` (an array the kernel computed for the current values: a training panel's curves).
 * Every number the browser draws comes from these, with the Python functions' formulas and arguments.
 */
import { REGISTRY, evaluate, schedule, with_warmup } from "./schedules.js";

export function value(expression, values) {
  if (expression === null || typeof expression !== "object") return expression;
  if (Array.isArray(expression)) return expression.map((e) => value(e, values));
  if ("control" in expression) {
    if (!(expression.control in values)) throw new Error(`the panel has no control ${expression.control}`);
    return values[expression.control];
  }
  if ("sorted" in expression) return expression.sorted.map((e) => value(e, values)).sort((a, b) => a - b);
  if ("list" in expression) return expression.list.map((e) => value(e, values));
  throw new Error(`unknown value expression ${JSON.stringify(expression)}`);
}

export function steps(x, computed = {}) {
  if (Array.isArray(x)) return Float64Array.from(x);
  if ("computed" in x) return fromKernel(x.computed, computed);
  const n = x.stop - x.start;
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
  throw new Error(`unknown series program ${JSON.stringify(program)}`);
}

/** Values of the derived names a label may use (e.g. sorted milestones), over the controls' values. */
export function labelValues(spec, values) {
  const out = { ...values };
  for (const [name, expression] of Object.entries(spec.derived || {})) out[name] = value(expression, values);
  return out;
}
