import type { LoadedWorkbook } from './calcEngine.js';
import type { ResolvedArea } from './types.js';

/** Goal seek: vary one cell until another reaches a value (Excel's What-If > Goal Seek). */
export interface GoalSeekSpec {
  readonly target: ResolvedArea;
  readonly changing: ResolvedArea;
  readonly targetValue: number;
  /** Maximum number of recalculations (default 1000). */
  readonly maxIterations: number;
  /** Success when |target − targetValue| ≤ maxChange (default 0.001). */
  readonly maxChange: number;
}

export interface GoalSeekOutcome {
  readonly success: boolean;
  /** The changing cell's final value (the best found when not successful). */
  readonly changingValue: number;
  readonly iterations: number;
}

/**
 * Solves target(x) = targetValue with the secant method from the cell's current value,
 * falling back to an expanding bracket and bisection when the secant step stalls or leaves
 * the function's domain. Leaves the workbook recalculated at the best value found.
 */
export function goalSeek(wb: LoadedWorkbook, spec: GoalSeekSpec): GoalSeekOutcome {
  const cs = spec.changing.sheet;
  const cr = spec.changing.range.top;
  const cc = spec.changing.range.left;
  let iterations = 0;
  let best = { x: 0, err: Number.POSITIVE_INFINITY };
  let last = Number.NaN;
  const f = (x: number): number => {
    iterations++;
    last = x;
    wb.write(cs, cr, cc, { kind: 'number', value: x });
    wb.recalc();
    const v = wb.read(spec.target.sheet, spec.target.range.top, spec.target.range.left);
    const y = v.kind === 'number' ? v.value - spec.targetValue : Number.NaN;
    if (Number.isFinite(y) && Math.abs(y) < best.err) best = { x, err: Math.abs(y) };
    return y;
  };
  const done = (): boolean => best.err <= spec.maxChange || iterations >= spec.maxIterations;
  const start = wb.read(cs, cr, cc);
  let x0 = start.kind === 'number' ? start.value : 0;
  let f0 = f(x0);

  // Secant phase.
  let x1 = x0 === 0 ? 1 : x0 * 1.01;
  let f1 = f(x1);
  while (!done() && Number.isFinite(f0) && Number.isFinite(f1) && f1 !== f0) {
    const x2 = x1 - (f1 * (x1 - x0)) / (f1 - f0);
    if (!Number.isFinite(x2)) break;
    x0 = x1;
    f0 = f1;
    x1 = x2;
    f1 = f(x1);
  }
  if (!done()) bracketAndBisect(f, best.x, done);
  // Leave the workbook in the solved (or best) state the outputs will be read from.
  if (last !== best.x && Number.isFinite(best.err)) f(best.x);
  return { success: best.err <= spec.maxChange, changingValue: best.x, iterations };
}

/** Expands a bracket around x until the sign changes, then bisects it. */
function bracketAndBisect(f: (x: number) => number, x: number, done: () => boolean): void {
  const fx = f(x);
  if (!Number.isFinite(fx) || done()) return;
  let step = Math.max(Math.abs(x) * 0.1, 1);
  let lo = x;
  let flo = fx;
  let hi = Number.NaN;
  while (!done() && Math.abs(step) < 1e300) {
    for (const candidate of [x + step, x - step]) {
      const fc = f(candidate);
      if (Number.isFinite(fc) && Math.sign(fc) !== Math.sign(flo)) {
        hi = candidate;
        break;
      }
    }
    if (!Number.isNaN(hi) || done()) break;
    step *= 2;
  }
  if (Number.isNaN(hi)) return;
  while (!done()) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) return;
    const fm = f(mid);
    if (!Number.isFinite(fm)) return;
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
}
