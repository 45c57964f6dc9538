/**
 * A workbook with a normal part, an input that traps IronCalc and an input that makes the
 * recalculation genuinely slow, for the containment tests over HTTP.
 *
 * - `A1` → `B1` = A1*3+1 (normal); `D1:D40` are free cells whose sum and count are `E1`, `F1`.
 * - `T1` = 1 → `T2` = BINOM.INV(T1,0.5,0.5); `T1` = 1E15 traps the engine.
 * - `S1` = 1 → `S2:S101` = SUM(SEQUENCE(S1)); `S1` = 1000000 takes about 100 × 0.05 s.
 */
import type { BuildCell, BuildSpec } from '../../src/workbook/xlsxBuilder.js';

const cells: Record<string, BuildCell> = {
  A1: 1,
  B1: { formula: 'A1*3+1' },
  E1: { formula: 'SUM(D1:D40)' },
  F1: { formula: 'COUNT(D1:D40)' },
  T1: 1,
  T2: { formula: 'BINOM.INV(T1,0.5,0.5)' },
  S1: 1,
};
for (let r = 2; r <= 101; r++) cells[`S${r}`] = { formula: 'SUM(_xlfn.SEQUENCE(S1))' };

export const GUARDED_WORKBOOK: BuildSpec = { sheets: [{ name: 'G', cells }] };

/** The wire form of one input cell. */
export const input = (ref: string, value: unknown) => ({ Ref: ref, Value: [[{ Value: value }]] });

/** The input that traps IronCalc. */
export const TRAP_INPUT = input('T1', 1e15);
/** The input that makes every recalculation take seconds. */
export const SLOW_INPUT = input('S1', 1_000_000);

export const TRAP_MESSAGE = 'The calculation engine failed on this input; nothing was saved.';
