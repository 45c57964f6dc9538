/** `xl/workbook.xml`: sheet list and order, defined names, date system, calculation settings. */
import type { CalcSettings, SheetState } from './model.js';
import { parseXml } from './xml.js';

/** A `<sheet>` entry of workbook.xml. */
export interface SheetEntry {
  readonly name: string;
  readonly state: SheetState;
  /** The relationship id (`r:id`) that leads to the sheet's part. */
  readonly relId: string;
}

/** A `<definedName>` as written, before classification. */
export interface RawDefinedName {
  readonly name: string;
  /** `localSheetId`: index into the sheet list, or null for a workbook-global name. */
  readonly localSheetId: number | null;
  readonly hidden: boolean;
  /** The definition text with any leading `=` removed. */
  readonly formula: string;
}

/** What workbook.xml says. */
export interface WorkbookPart {
  readonly sheets: readonly SheetEntry[];
  readonly definedNames: readonly RawDefinedName[];
  readonly date1904: boolean;
  readonly calc: CalcSettings;
}

/** Excel's defaults when `<calcPr>` says nothing. */
export const DEFAULT_CALC: CalcSettings = { iterate: false, iterateCount: 100, iterateDelta: 0.001 };

/** OOXML booleans are `1`/`0` or `true`/`false`. */
export function xmlBool(value: string | undefined, fallback = false): boolean {
  if (value === undefined) return fallback;
  return value === '1' || value === 'true';
}

/** Parses `workbook.xml`. */
export function parseWorkbookPart(xml: Uint8Array | string, part: string): WorkbookPart {
  const sheets: SheetEntry[] = [];
  const definedNames: RawDefinedName[] = [];
  let date1904 = false;
  let calc = DEFAULT_CALC;
  let pendingName: Omit<RawDefinedName, 'formula'> | undefined;
  let nameText = '';
  parseXml(
    xml,
    {
      open(name, attrs) {
        switch (name) {
          case 'sheet':
            sheets.push({ name: attrs.name ?? '', state: sheetState(attrs.state), relId: attrs.id ?? '' });
            break;
          case 'workbookPr':
            date1904 = xmlBool(attrs.date1904);
            break;
          case 'calcPr':
            calc = {
              iterate: xmlBool(attrs.iterate),
              iterateCount: positiveNumber(attrs.iterateCount, DEFAULT_CALC.iterateCount),
              iterateDelta: positiveNumber(attrs.iterateDelta, DEFAULT_CALC.iterateDelta),
            };
            break;
          case 'definedName': {
            const local = attrs.localSheetId === undefined ? null : Number(attrs.localSheetId);
            pendingName = {
              name: attrs.name ?? '',
              localSheetId: local !== null && Number.isInteger(local) ? local : null,
              hidden: xmlBool(attrs.hidden),
            };
            nameText = '';
            break;
          }
        }
      },
      close(name) {
        if (name === 'definedName' && pendingName !== undefined) {
          const text = nameText.trim();
          definedNames.push({ ...pendingName, formula: text.startsWith('=') ? text.slice(1) : text });
          pendingName = undefined;
        }
      },
      text(text) {
        if (pendingName !== undefined) nameText += text;
      },
    },
    part,
  );
  return { sheets, definedNames, date1904, calc };
}

function sheetState(value: string | undefined): SheetState {
  return value === 'hidden' || value === 'veryHidden' ? value : 'visible';
}

function positiveNumber(value: string | undefined, fallback: number): number {
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}
