import type { DefinedName } from '../workbook/model.js';
import type { NameInfo } from './calcEngine.js';
import { parseRef } from './references.js';
import type { ResolvedArea } from './types.js';

/** The area a reference-kind name or A1 reference points at, given a sheet lookup. */
export function areaOfReference(ref: string, sheetIndex: (name: string) => number): ResolvedArea | null {
  const parsed = parseRef(ref.trim());
  if (parsed?.kind !== 'area' || parsed.sheet === undefined) return null;
  const sheet = sheetIndex(parsed.sheet);
  return sheet < 0 ? null : { sheet, range: parsed.range };
}

/**
 * Resolves caller `Ref`s against a workbook's sheets and defined names, as Excel would:
 * names and sheet names compare case-insensitively; `Sheet!Name` prefers the sheet's own name.
 */
export class NameTable {
  readonly #sheets: Map<string, number>;
  readonly #global = new Map<string, NameInfo>();
  readonly #local = new Map<string, NameInfo>();
  readonly #list: NameInfo[] = [];

  constructor(
    sheetNames: readonly string[],
    names: readonly { def: DefinedName; area: ResolvedArea | null }[],
  ) {
    this.#sheets = new Map(sheetNames.map((n, i) => [n.toLowerCase(), i]));
    for (const { def, area } of names) {
      if (!area) continue;
      const info: NameInfo = {
        name: def.name,
        scope: def.scope,
        area,
        formula: def.formula,
        hidden: def.hidden,
      };
      const lower = def.name.toLowerCase();
      if (def.scope === null) this.#global.set(lower, info);
      else this.#local.set(`${def.scope}|${lower}`, info);
      // Excel's own built-in names (_xlnm.Print_Area …) are not inputs or outputs.
      if (!def.hidden && !lower.startsWith('_xlnm.')) this.#list.push(info);
    }
  }

  /** The user-visible names in file order. */
  list(): readonly NameInfo[] {
    return this.#list;
  }

  /** Resolves a Ref; null when it names nothing in this workbook. */
  resolve(ref: string): ResolvedArea | null {
    const parsed = parseRef(ref.trim());
    if (!parsed) return null;
    if (parsed.kind === 'area') {
      const sheet = parsed.sheet === undefined ? 0 : this.#sheetIndex(parsed.sheet);
      return sheet < 0 ? null : { sheet, range: parsed.range };
    }
    const lower = parsed.name.toLowerCase();
    if (parsed.sheet !== undefined) {
      const sheet = this.#sheetIndex(parsed.sheet);
      if (sheet < 0) return null;
      return (this.#local.get(`${sheet}|${lower}`) ?? this.#global.get(lower))?.area ?? null;
    }
    const global = this.#global.get(lower);
    if (global) return global.area;
    // A bare name that exists only sheet-scoped: take the first sheet that defines it.
    for (let s = 0; s < this.#sheets.size; s++) {
      const local = this.#local.get(`${s}|${lower}`);
      if (local) return local.area;
    }
    return null;
  }

  #sheetIndex(name: string): number {
    return this.#sheets.get(name.toLowerCase()) ?? -1;
  }
}
