import type { CellInput, CellOutput } from '../engine/calculation.js';
import type { WireCell } from '../engine/types.js';

/** Identifies one published file version; workers cache a loaded template per key. */
export interface VersionRef {
  readonly key: string;
  /** The .xlsx bytes; sent only after the worker answered `NEED_TEMPLATE`. */
  readonly bytes?: Uint8Array;
}

/** A session the request runs in; `log` is sent only after the worker answered `NEED_SESSION`. */
export interface SessionRef {
  readonly id: string;
  readonly log?: readonly SessionLogEntry[];
}

/** One call's entry in a session's durable input log: what it wrote, read in its culture. */
export interface SessionLogEntry {
  readonly inputs: readonly CellInput[];
  readonly culture?: string;
}

export interface GoalSeekRequest {
  readonly targetRef: string;
  readonly changingRef: string;
  readonly targetValue: number;
  readonly maxIterations: number;
  readonly maxChange: number;
}

export interface GoalSeekResult {
  readonly Success: boolean;
  readonly ChangingValue: string;
  readonly ChangingFormat: string;
  readonly TargetValue: string;
  readonly TargetText: string;
  readonly TargetFormat: string;
}

export interface CalculationJob {
  readonly inputs: readonly CellInput[];
  readonly outputs: readonly string[];
  readonly goalSeek?: GoalSeekRequest;
  /** Also read every defined name after the calculation (what a saved record holds, spec §7). */
  readonly readNames?: boolean;
}

/** A defined name's cells after a calculation; sheet-scoped names are qualified (`Sheet1!Rate`). */
export interface NameValues {
  readonly name: string;
  readonly cells: WireCell[][];
}

export interface CalculationResult {
  readonly outputs: CellOutput[];
  readonly goalSeek?: GoalSeekResult;
  readonly messages: string[];
  /** Inputs to append to the session's log (inputs, then the goal-seek solution). */
  readonly applied: CellInput[];
  /** Every defined name's cells, when the job asked for `readNames`. */
  readonly names?: NameValues[];
}

export interface BatchItemResult {
  readonly id: number;
  readonly result?: CalculationResult;
  readonly error?: WorkerFailure;
}

/** A named range of a workbook, as GenerateNamedRangeInformation reports it. */
export interface NamedRangeInfo {
  readonly Name: string;
  readonly CellReference: string;
  readonly Type: 0 | 1 | 2;
  readonly Width: number;
  readonly Height: number;
}

export interface PublishCheck {
  readonly compared: number;
  readonly matched: number;
  readonly warnings: string[];
  readonly names: NamedRangeInfo[];
  readonly volatile: boolean;
}

/** Messages the pool sends to a worker. */
export type WorkerRequest =
  | {
      readonly op: 'calculate';
      readonly version: VersionRef;
      readonly session?: SessionRef;
      readonly job: CalculationJob;
      readonly culture?: string;
      readonly persist: boolean;
    }
  | {
      readonly op: 'batch';
      readonly version: VersionRef;
      readonly session?: SessionRef;
      readonly items: readonly { id: number; job: CalculationJob }[];
      readonly culture?: string;
    }
  | { readonly op: 'openSession'; readonly version: VersionRef; readonly session: SessionRef }
  | { readonly op: 'dropSession'; readonly sessionId: string }
  | { readonly op: 'names'; readonly version: VersionRef }
  | { readonly op: 'check'; readonly bytes: Uint8Array }
  | { readonly op: 'stats' };

export type FailureCode =
  | 'NEED_TEMPLATE'
  | 'NEED_SESSION'
  | 'TRAP'
  | 'TIMEOUT'
  /** The worker ran out of its JavaScript heap (`resourceLimits`) and was replaced. */
  | 'MEMORY'
  | 'BAD_WORKBOOK'
  | 'BAD_INPUT'
  | 'INTERNAL';

export interface WorkerFailure {
  readonly code: FailureCode;
  readonly message: string;
}

export interface WorkerStats {
  readonly templates: number;
  readonly sessions: number;
  readonly heapBytes: number;
}

/** A worker's answer, matched to its request by `id`. */
export type WorkerResponse =
  | {
      readonly id: number;
      readonly ok: true;
      readonly value: unknown;
      readonly engineMs: number;
      /** On stateless calculations: whether the version calls volatile functions (no result caching). */
      readonly volatile?: boolean;
    }
  | { readonly id: number; readonly ok: false; readonly failure: WorkerFailure; readonly engineMs: number };

/** A request with its correlation id. */
export type WorkerEnvelope = { readonly id: number } & WorkerRequest;

export type { CellInput, CellOutput, WireCell };
