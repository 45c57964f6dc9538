import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The part of IronCalc's wasm `Model` we call: a narrow facade over the library. */
export interface IronModel {
  setUserInput(sheet: number, row: number, column: number, input: string): void;
  setUserArrayFormula(
    sheet: number,
    row: number,
    column: number,
    width: number,
    height: number,
    formula: string,
  ): void;
  getFormattedCellValue(sheet: number, row: number, column: number): string;
  getCellContent(sheet: number, row: number, column: number): string;
  getCellType(sheet: number, row: number, column: number): number;
  /** `"SingleCell"`, or an anchor with [width, height], or a child with [row, col, width, height]. */
  getCellArrayStructure(
    sheet: number,
    row: number,
    column: number,
  ): 'SingleCell' | { DynamicAnchor?: [number, number]; ArrayAnchor?: [number, number] };
  updateRangeStyle(
    range: { sheet: number; row: number; column: number; width: number; height: number },
    stylePath: string,
    value: string,
  ): void;
  rangeClearContents(sheet: number, startRow: number, startCol: number, endRow: number, endCol: number): void;
  newDefinedName(name: string, scope: number | null | undefined, formula: string): void;
  newSheet(): void;
  renameSheet(sheet: number, name: string): void;
  hideSheet(sheet: number): void;
  pauseEvaluation(): void;
  resumeEvaluation(): void;
  evaluate(): void;
  toBytes(): Uint8Array;
  free(): void;
}

/** One IronCalc wasm instance: its own linear memory, poisoned as a whole by a trap. */
export interface IronRuntime {
  readonly id: number;
  newModel(): IronModel;
  fromBytes(bytes: Uint8Array): IronModel;
}

interface IronModule {
  initSync(opts: { module: WebAssembly.Module }): unknown;
  Model: {
    new (name: string, locale: string, timezone: string, language: string): IronModel;
    from_bytes(bytes: Uint8Array, language: string): IronModel;
  };
}

const require = createRequire(import.meta.url);
let compiled: WebAssembly.Module | undefined;
let nextId = 1;

/** The compiled IronCalc module, compiled once per thread (or handed in by the parent thread). */
export function ironcalcModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(require.resolve('@ironcalc/wasm/wasm_bg.wasm')));
  return compiled;
}

/** Adopt a module compiled elsewhere (posted from the main thread) so workers skip compilation. */
export function adoptIronCalcModule(module: WebAssembly.Module): void {
  compiled = module;
}

/**
 * Creates a fresh wasm instance. The bindings keep the instance in module state, so each
 * instance imports its own copy of the JS glue (a distinct URL is a distinct ES module).
 */
export async function createIronRuntime(): Promise<IronRuntime> {
  const id = nextId++;
  const url = `${pathToFileURL(require.resolve('@ironcalc/wasm')).href}?instance=${id}`;
  const glue = (await import(url)) as IronModule;
  glue.initSync({ module: ironcalcModule() });
  return {
    id,
    newModel: () => new glue.Model('Workbook', 'en', 'UTC', 'en'),
    fromBytes: (bytes) => glue.Model.from_bytes(bytes, 'en'),
  };
}

/** True when an exception is a wasm trap (the instance must not be used again). */
export function isWasmTrap(err: unknown): boolean {
  return err instanceof WebAssembly.RuntimeError;
}
