import type { LoadedWorkbook } from '../engine/calcEngine.js';
import { applyInputs, type CellInput, readArea, readOutputs, readTopLeft } from '../engine/calculation.js';
import { loadContained } from '../engine/containedLoad.js';
import { EngineInputError, EngineTrapError } from '../engine/errors.js';
import { compareWithCached, hasVolatileFormulas, pinVolatileCells } from '../engine/fidelityCheck.js';
import { goalSeek } from '../engine/goalSeek.js';
import { IronCalcEngine } from '../engine/ironcalc/ironcalcEngine.js';
import { formatRange, quoteSheetName } from '../engine/references.js';
import { isWorkbookError } from '../workbook/errors.js';
import { readWorkbook } from '../workbook/readWorkbook.js';
import type {
  BatchItemResult,
  CalculationJob,
  CalculationResult,
  NamedRangeInfo,
  NameValues,
  PublishCheck,
  SessionRef,
  VersionRef,
  WorkerFailure,
  WorkerRequest,
  WorkerStats,
} from './protocol.js';

/** A failure that goes back to the pool as data, not as a crash. */
export class JobFailure extends Error {
  constructor(readonly failure: WorkerFailure) {
    super(failure.message);
  }
}

interface Template {
  readonly wb: LoadedWorkbook;
  readonly names: NamedRangeInfo[];
  /** Identical calls may give different results (volatile functions, iterative calculation). */
  readonly volatile: boolean;
}

/**
 * Everything a worker holds: the engine, a warm template per file version and the live
 * models of its sessions. Both maps are caches: the pool can always resend what is missing.
 */
export class WorkerState {
  readonly #templates = new Map<string, Template>();
  readonly #sessions = new Map<string, LoadedWorkbook>();

  private constructor(private readonly engine: IronCalcEngine) {}

  static async create(): Promise<WorkerState> {
    return new WorkerState(await IronCalcEngine.create());
  }

  /** Runs one request; a trap poisons the engine, so every cached model is dropped with it. */
  async handle(req: WorkerRequest): Promise<unknown> {
    try {
      return await this.#dispatch(req);
    } catch (err) {
      // After a trap, cleanup on the dead instance (a scratch undo) can throw a different error.
      if (err instanceof EngineTrapError || this.engine.poisoned) {
        this.#dropAll();
        await this.engine.recover();
        throw new JobFailure({
          code: 'TRAP',
          message: 'The calculation engine failed on this input; nothing was saved.',
        });
      }
      if (err instanceof EngineInputError)
        throw new JobFailure({ code: 'BAD_INPUT', message: `An input was refused: ${err.message}` });
      // Its message is a complete sentence written for the person who uploaded the file.
      if (isWorkbookError(err)) throw new JobFailure({ code: 'BAD_WORKBOOK', message: err.message });
      throw err;
    }
  }

  async #dispatch(req: WorkerRequest): Promise<unknown> {
    switch (req.op) {
      case 'calculate':
        return this.#calculate(req.version, req.session, req.job, req.culture, req.persist);
      case 'batch':
        return this.#batch(req.version, req.session, req.items, req.culture);
      case 'openSession':
        await this.#session(req.version, { ...req.session, log: req.session.log ?? [] });
        return true;
      case 'dropSession':
        this.#sessions.get(req.sessionId)?.dispose();
        return this.#sessions.delete(req.sessionId);
      case 'names':
        return (await this.#template(req.version)).names;
      case 'check':
        return this.#check(req.bytes);
      case 'stats':
        return this.stats();
    }
  }

  /** Whether a loaded version's results may vary between identical calls; undefined if not loaded. */
  isVolatile(versionKey: string): boolean | undefined {
    return this.#templates.get(versionKey)?.volatile;
  }

  stats(): WorkerStats {
    return {
      templates: this.#templates.size,
      sessions: this.#sessions.size,
      heapBytes: process.memoryUsage().heapUsed,
    };
  }

  async #calculate(
    version: VersionRef,
    session: SessionRef | undefined,
    job: CalculationJob,
    culture: string | undefined,
    persist: boolean,
  ): Promise<CalculationResult> {
    const wb = session ? await this.#session(version, session) : (await this.#template(version)).wb;
    // Stateless calls and non-persisting session calls put every written cell back afterwards.
    const scratch = !session || !persist;
    if (scratch) wb.beginScratch();
    try {
      return runJob(wb, job, culture);
    } finally {
      if (scratch) wb.endScratch();
    }
  }

  async #batch(
    version: VersionRef,
    session: SessionRef | undefined,
    items: readonly { id: number; job: CalculationJob }[],
    culture: string | undefined,
  ): Promise<BatchItemResult[]> {
    const wb = session ? await this.#session(version, session) : (await this.#template(version)).wb;
    const out: BatchItemResult[] = [];
    for (const item of items) {
      wb.beginScratch();
      try {
        out.push({ id: item.id, result: runJob(wb, item.job, culture) });
      } catch (err) {
        if (!(err instanceof EngineInputError)) throw err;
        out.push({
          id: item.id,
          error: { code: 'BAD_INPUT', message: `An input was refused: ${err.message}` },
        });
      } finally {
        wb.endScratch();
      }
    }
    return out;
  }

  async #template(version: VersionRef): Promise<Template> {
    const cached = this.#templates.get(version.key);
    if (cached) return cached;
    if (!version.bytes) throw new JobFailure({ code: 'NEED_TEMPLATE', message: version.key });
    const model = readWorkbook(version.bytes);
    const { workbook } = await loadContained(this.engine, model);
    // Iteration restarts from the previous values, so it is not repeatable either.
    const volatile = model.calc.iterate || hasVolatileFormulas(model);
    const template = { wb: workbook, names: namedRanges(workbook), volatile };
    this.#templates.set(version.key, template);
    return template;
  }

  async #session(version: VersionRef, session: SessionRef): Promise<LoadedWorkbook> {
    const live = this.#sessions.get(session.id);
    if (live) return live;
    if (!session.log) throw new JobFailure({ code: 'NEED_SESSION', message: session.id });
    const wb = (await this.#template(version)).wb.clone();
    for (const entry of session.log) applyInputs(wb, entry.inputs, entry.culture);
    if (session.log.length > 0) wb.recalc();
    this.#sessions.set(session.id, wb);
    return wb;
  }

  async #check(bytes: Uint8Array): Promise<PublishCheck> {
    const model = readWorkbook(bytes);
    const { workbook, trapped } = await loadContained(this.engine, pinVolatileCells(model));
    try {
      const report = compareWithCached(model, workbook, trapped);
      const warnings = [
        ...trapped.map(
          (t) => `The cell ${t.address} makes the calculation engine fail and is computed as #NUM!.`,
        ),
        ...report.mismatches
          .slice(0, 100)
          .map((m) => `The cell ${m.address} (=${m.formula}) differs from Excel's saved value.`),
      ];
      if (report.mismatches.length > 100)
        warnings.push(`${report.mismatches.length - 100} more cells differ from Excel's saved values.`);
      return {
        compared: report.compared,
        matched: report.matched,
        warnings,
        names: namedRanges(workbook),
        volatile: report.volatile > 0,
      };
    } finally {
      workbook.dispose();
    }
  }

  #dropAll(): void {
    this.#templates.clear();
    this.#sessions.clear();
  }
}

/** Inputs → one recalc → optional goal seek → outputs. */
function runJob(wb: LoadedWorkbook, job: CalculationJob, culture: string | undefined): CalculationResult {
  const messages = applyInputs(wb, job.inputs, culture);
  wb.recalc();
  const applied: CellInput[] = [...job.inputs];
  let goal: CalculationResult['goalSeek'];
  if (job.goalSeek) {
    const g = job.goalSeek;
    const target = wb.resolve(g.targetRef);
    const changing = wb.resolve(g.changingRef);
    if (!target || !changing) {
      messages.push('The goal seek target or changing reference does not name a cell in the workbook.');
    } else {
      const outcome = goalSeek(wb, {
        target,
        changing,
        targetValue: g.targetValue,
        maxIterations: g.maxIterations,
        maxChange: g.maxChange,
      });
      const tCell = readTopLeft(wb, target);
      const cCell = readTopLeft(wb, changing);
      goal = {
        Success: outcome.success,
        ChangingValue: cCell.Value,
        ChangingFormat: cCell.Format,
        TargetValue: tCell.Value,
        TargetText: tCell.Text,
        TargetFormat: tCell.Format,
      };
      if (!outcome.success)
        messages.push('Goal seek did not reach the target value within the allowed iterations.');
      applied.push({ ref: g.changingRef, values: [[outcome.changingValue]] });
    }
  }
  const outputs = readOutputs(wb, job.outputs, messages);
  // Absent rather than undefined: a cached copy (JSON) must equal the answer it was made from.
  const result: CalculationResult = { outputs, messages, applied };
  if (goal) Object.assign(result, { goalSeek: goal });
  if (job.readNames) Object.assign(result, { names: readAllNames(wb, messages) });
  return result;
}

/** Most cells a name may cover to be read for a record: whole-column names would be a million. */
export const MAX_NAME_CELLS = 10_000;

/** Every defined name's cells; sheet-scoped names as `Sheet!Name` so they cannot collide with global ones. */
function readAllNames(wb: LoadedWorkbook, messages: string[]): NameValues[] {
  const out: NameValues[] = [];
  for (const n of wb.names()) {
    const name = n.scope === null ? n.name : `${quoteSheetName(wb.sheetNames[n.scope] ?? '')}!${n.name}`;
    const { top, left, bottom, right } = n.area.range;
    if ((bottom - top + 1) * (right - left + 1) > MAX_NAME_CELLS) {
      messages.push(
        `The name '${name}' covers more than ${MAX_NAME_CELLS.toLocaleString('en-US')} cells and was not saved.`,
      );
      continue;
    }
    out.push({ name, cells: readArea(wb, n.area) });
  }
  return out;
}

/** The workbook's names with their place and shape (0 single cell, 1 one column or row, 2 table). */
function namedRanges(wb: LoadedWorkbook): NamedRangeInfo[] {
  return wb.names().map((n) => {
    const { top, left, bottom, right } = n.area.range;
    const width = right - left + 1;
    const height = bottom - top + 1;
    const sheet = wb.sheetNames[n.area.sheet] ?? '';
    return {
      Name: n.name,
      CellReference: formatRange(n.area.range, sheet, { absolute: true }),
      Type: width === 1 && height === 1 ? 0 : width === 1 || height === 1 ? 1 : 2,
      Width: width,
      Height: height,
    };
  });
}
