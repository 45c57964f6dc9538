import type { CellRange, Scalar, WorkbookModel } from '../../workbook/model.js';
import type { CalcEngine, LoadedWorkbook, NameInfo } from '../calcEngine.js';
import { cellKey } from '../cellKey.js';
import { EngineInputError, EngineTrapError } from '../errors.js';
import { areaOfReference, NameTable } from '../nameTable.js';
import type { ResolvedArea } from '../types.js';
import { type IterationPlan, iterate, planIteration } from './iteration.js';
import { type BuiltWorkbook, buildIronModel, RAW_FORMAT, scalarInput } from './modelBuilder.js';
import { createIronRuntime, type IronModel, type IronRuntime, isWasmTrap } from './wasmRuntime.js';

/** IronCalc cell type codes (`getCellType`). */
const TYPE_TEXT = 2;
const TYPE_BOOLEAN = 4;
const TYPE_ERROR = 16;

/** Immutable facts about one loaded workbook, shared by all its clones. */
interface Template {
  readonly runtime: IronRuntime;
  readonly built: BuiltWorkbook;
  readonly nameTable: NameTable;
  readonly date1904: boolean;
  /** Set when the workbook iterates circular references (calcPr iterate). */
  readonly iteration: IterationPlan | null;
}

/**
 * The IronCalc adapter. Owns one healthy wasm instance at a time: a trap poisons the
 * instance, so the engine throws `EngineTrapError` and switches to a fresh one on `recover()`.
 */
export class IronCalcEngine implements CalcEngine {
  readonly name = 'ironcalc';
  readonly capabilities = { formulaNames: true, iterativeCalc: true } as const;
  #runtime: IronRuntime;
  #poisoned = false;

  private constructor(runtime: IronRuntime) {
    this.#runtime = runtime;
  }

  /** Creates an engine with a fresh wasm instance. */
  static async create(): Promise<IronCalcEngine> {
    return new IronCalcEngine(await createIronRuntime());
  }

  /** True after a trap until `recover()`; every workbook loaded before is unusable. */
  get poisoned(): boolean {
    return this.#poisoned;
  }

  /** Replaces a poisoned wasm instance with a fresh one. */
  async recover(): Promise<void> {
    if (!this.#poisoned) return;
    this.#runtime = await createIronRuntime();
    this.#poisoned = false;
  }

  load(model: WorkbookModel): LoadedWorkbook {
    const runtime = this.#healthyRuntime();
    const { built, iteration } = guard(this, () => {
      const built = buildIronModel(runtime, model, areaOfReference);
      built.model.resumeEvaluation();
      built.model.evaluate();
      const iteration = planIteration(built.model, model, RAW_FORMAT, built.sheetCount);
      if (iteration) iterate(built.model, iteration);
      // Each write would otherwise recalculate the whole workbook; `recalc()` evaluates once.
      built.model.pauseEvaluation();
      return { built, iteration };
    });
    const template: Template = {
      runtime,
      built,
      nameTable: new NameTable(built.sheetNames, built.names),
      date1904: model.date1904,
      iteration,
    };
    return new IronWorkbook(this, template, built.model, new Map(), new Set());
  }

  /** Internal: marks the instance poisoned. */
  markPoisoned(): void {
    this.#poisoned = true;
  }

  #healthyRuntime(): IronRuntime {
    if (this.#poisoned) throw new EngineTrapError('The engine instance is poisoned; call recover() first.');
    return this.#runtime;
  }
}

/** Runs engine code, turning a wasm trap into EngineTrapError and poisoning the engine. */
function guard<T>(engine: IronCalcEngine, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isWasmTrap(err)) {
      engine.markPoisoned();
      throw new EngineTrapError(String(err));
    }
    throw err;
  }
}

/** A cell's content before a scratch write: what IronCalc shows in the formula bar, and its format. */
interface CellSnapshot {
  readonly sheet: number;
  readonly row: number;
  readonly col: number;
  readonly content: string;
  readonly format: string | undefined;
}

/** A copy of a workbook's model as bytes, with the overlays that describe those bytes. */
interface ModelSnapshot {
  readonly bytes: Uint8Array;
  readonly formatOverlay: ReadonlyMap<number, string>;
  readonly rawStyledOverlay: ReadonlySet<number>;
}

class IronWorkbook implements LoadedWorkbook {
  #disposed = false;
  #scratch: Map<number, CellSnapshot> | null = null;
  /**
   * Cells were written or restored after the last recalc (evaluation is paused, so writes do not
   * recalculate): values are stale until the next one, which a read then runs first.
   */
  #stale = false;
  /**
   * The model as of the last clone. Scratch writes are undone, so only a lasting write makes it
   * outdated: a template (only ever written in scratch) serializes once, however many sessions
   * are cloned from it.
   */
  #snapshot: ModelSnapshot | null = null;

  constructor(
    private readonly engine: IronCalcEngine,
    private readonly template: Template,
    private readonly model: IronModel,
    /** Formats implied by inputs written to General cells, by cellKey. */
    private readonly formatOverlay: Map<number, string>,
    /** Cells styled with RAW_FORMAT after load, by cellKey. */
    private readonly rawStyledOverlay: Set<number>,
  ) {}

  get sheetNames(): readonly string[] {
    return this.template.built.sheetNames;
  }

  get date1904(): boolean {
    return this.template.date1904;
  }

  resolve(ref: string): ResolvedArea | null {
    return this.template.nameTable.resolve(ref);
  }

  names(): readonly NameInfo[] {
    return this.template.nameTable.list();
  }

  write(sheet: number, row: number, col: number, value: Scalar, impliedFormat?: string): void {
    this.#check();
    const key = cellKey(sheet, row, col);
    this.#ensureRaw(sheet, row, col, key);
    if (!this.#scratch) this.#snapshot = null;
    if (this.#scratch && !this.#scratch.has(key)) {
      const content = guard(this.engine, () => this.model.getCellContent(sheet, row, col));
      this.#scratch.set(key, { sheet, row, col, content, format: this.formatOverlay.get(key) });
    }
    if (impliedFormat && this.numFmt(sheet, row, col) === 'General')
      this.formatOverlay.set(key, impliedFormat);
    guard(this.engine, () => {
      try {
        if (value.kind === 'empty') this.model.rangeClearContents(sheet, row, col, row, col);
        else this.model.setUserInput(sheet, row, col, scalarInput(value));
        this.#stale = true;
      } catch (err) {
        if (err instanceof WebAssembly.RuntimeError) throw err;
        throw new EngineInputError(err instanceof Error ? err.message : String(err));
      }
    });
  }

  beginScratch(): void {
    this.#scratch = new Map();
  }

  endScratch(): void {
    const scratch = this.#scratch;
    this.#scratch = null;
    if (!scratch || scratch.size === 0) return;
    guard(this.engine, () => {
      for (const [key, snap] of scratch) {
        if (snap.content === '') {
          this.model.rangeClearContents(snap.sheet, snap.row, snap.col, snap.row, snap.col);
        } else {
          this.model.setUserInput(snap.sheet, snap.row, snap.col, snap.content);
          // Entering a formula lets IronCalc pick a display format (PMT → currency): undo that.
          this.#styleRaw(snap.sheet, snap.row, snap.col);
        }
        if (snap.format === undefined) this.formatOverlay.delete(key);
        else this.formatOverlay.set(key, snap.format);
      }
    });
    this.#stale = true;
  }

  recalc(): void {
    this.#check();
    const plan = this.template.iteration;
    guard(this.engine, () => (plan ? iterate(this.model, plan) : this.model.evaluate()));
    this.#stale = false;
  }

  read(sheet: number, row: number, col: number): Scalar {
    this.#check();
    if (this.#stale) this.recalc();
    this.#ensureRaw(sheet, row, col, cellKey(sheet, row, col));
    return guard(this.engine, () => {
      const text = this.model.getFormattedCellValue(sheet, row, col);
      const type = this.model.getCellType(sheet, row, col);
      if (type === TYPE_TEXT) return { kind: 'text', value: text };
      if (type === TYPE_BOOLEAN) return { kind: 'boolean', value: text === 'TRUE' };
      if (type === TYPE_ERROR) return { kind: 'error', value: text };
      if (text === '') return { kind: 'empty' };
      return { kind: 'number', value: parseRaw(text) };
    });
  }

  arrayExtent(sheet: number, row: number, col: number): CellRange | null {
    this.#check();
    const shape = guard(this.engine, () => this.model.getCellArrayStructure(sheet, row, col));
    const size = typeof shape === 'object' ? (shape.DynamicAnchor ?? shape.ArrayAnchor) : undefined;
    if (!size) return null;
    return { top: row, left: col, bottom: row + size[1] - 1, right: col + size[0] - 1 };
  }

  numFmt(sheet: number, row: number, col: number): string {
    const key = cellKey(sheet, row, col);
    return this.formatOverlay.get(key) ?? this.template.built.formats.get(key) ?? 'General';
  }

  clone(): LoadedWorkbook {
    this.#check();
    if (this.#stale) this.recalc();
    // Mid-scratch the model holds writes that are about to be undone: never snapshot those.
    const snapshot =
      (!this.#scratch && this.#snapshot) ||
      guard(this.engine, () => ({
        bytes: this.model.toBytes(),
        formatOverlay: new Map(this.formatOverlay),
        rawStyledOverlay: new Set(this.rawStyledOverlay),
      }));
    if (!this.#scratch) this.#snapshot = snapshot;
    const copy = guard(this.engine, () => {
      const model = this.template.runtime.fromBytes(snapshot.bytes);
      model.pauseEvaluation(); // not part of the bytes
      return model;
    });
    return new IronWorkbook(
      this.engine,
      this.template,
      copy,
      new Map(snapshot.formatOverlay),
      new Set(snapshot.rawStyledOverlay),
    );
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (!this.engine.poisoned) this.model.free();
  }

  #ensureRaw(sheet: number, row: number, col: number, key: number): void {
    if (this.template.built.rawStyled.has(key) || this.rawStyledOverlay.has(key)) return;
    guard(this.engine, () => this.#styleRaw(sheet, row, col));
    this.rawStyledOverlay.add(key);
  }

  #styleRaw(sheet: number, row: number, col: number): void {
    this.model.updateRangeStyle({ sheet, row, column: col, width: 1, height: 1 }, 'num_fmt', RAW_FORMAT);
  }

  #check(): void {
    if (this.#disposed) throw new Error('This workbook has been disposed.');
    if (this.engine.poisoned) throw new EngineTrapError('The engine instance is poisoned.');
  }
}

/** Parses IronCalc's RAW_FORMAT text; subnormal numbers print as `inf.N…` and are Excel's 0. */
function parseRaw(text: string): number {
  const x = Number(text);
  return Number.isFinite(x) ? x : 0;
}
