/**
 * The wire shapes of a calculation (spec §4–§5) and their translation to and from the compute
 * layer's jobs and results.
 */
import type { CalculationJob, CalculationResult, WireCell } from '../../compute/protocol.js';
import { ApiError } from '../outcomes.js';
import type { BatchCalculation } from '../requests.js';

/** `RangeReference` of an answer. */
export interface RangeOutput {
  Ref: string;
  Value: WireCell[][];
}

/** The calculation part of a GetResult answer (and of each batch item's Response). */
export interface CalculationProps {
  Outputs: RangeOutput[];
  GoalSeek: CalculationResult['goalSeek'] | null;
}

/** A bound request's inputs, outputs and goal seek as a compute job. */
export function toJob(request: BatchCalculation): CalculationJob {
  const inputs = request.Inputs.map((input) => ({
    ref: input.Ref,
    values: input.Value.map((row) => row.map((cell) => cell.Value ?? null)),
  }));
  const gs = request.GoalSeek;
  if (gs === undefined || !gs.Enabled) return { inputs, outputs: request.Outputs };
  if (gs.TargetRef === undefined || gs.ChangingRef === undefined || gs.TargetValue === undefined)
    throw new ApiError('GoalSeekIncomplete');
  return {
    inputs,
    outputs: request.Outputs,
    goalSeek: {
      targetRef: gs.TargetRef,
      changingRef: gs.ChangingRef,
      targetValue: gs.TargetValue,
      maxIterations: gs.MaxIterations,
      maxChange: gs.MaxChange,
    },
  };
}

/** A result's outputs in wire form, sorted by Ref in ordinal order as the original sorts them. */
export function toCalculationProps(result: CalculationResult): CalculationProps {
  const outputs = result.outputs.map((o) => ({ Ref: o.ref, Value: o.cells }));
  outputs.sort((a, b) => (a.Ref < b.Ref ? -1 : a.Ref > b.Ref ? 1 : 0));
  return { Outputs: outputs, GoalSeek: result.goalSeek ?? null };
}
