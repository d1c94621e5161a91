// Development stub (the real module comes from the js-schedules branch).
function stepDecay(t, { lr0, gamma, step_size }) {
  if (!(gamma > 0 && gamma <= 1)) throw new Error(`gamma must be in (0, 1]; got gamma=${gamma}.`);
  return t.map((s) => lr0 * gamma ** Math.floor(s / step_size));
}
function multistepDecay(t, { lr0, milestones, gamma }) {
  return t.map((s) => lr0 * gamma ** milestones.filter((m) => m <= s).length);
}
export const REGISTRY = { step_decay: stepDecay, multistep_decay: multistepDecay };
export function evaluate(name, t, params) { return Float64Array.from(REGISTRY[name](Float64Array.from(t), params)); }
export function withWarmup(decay, warmupSteps, startFactor) { return (t) => decay(t); }
