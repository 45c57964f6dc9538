/** The reader's entry point: bounded unzip → XML parts → `WorkbookModel`. */
import { readFileSync } from 'node:fs';
import { parseApplication } from './appProps.js';
import { classifyDefinedName } from './definedNames.js';
import { formatCount, WorkbookError } from './errors.js';
import { type ReadLimits, resolveLimits } from './limits.js';
import { parseDynamicArrayMetadata } from './metadata.js';
import type { DefinedName, SheetModel, WorkbookModel } from './model.js';
import { isRelType, parseRelationships, type Relationship, relsPartFor } from './relationships.js';
import { parseSharedStrings } from './sharedStrings.js';
import { parseStyles } from './styles.js';
import { parseWorkbookPart } from './workbookPart.js';
import { parseWorksheet } from './worksheet.js';
import { openZip, type ZipArchive } from './zip.js';

/**
 * Reads an .xlsx workbook from its bytes, enforcing `limits` (defaults in `DEFAULT_READ_LIMITS`).
 * Throws WorkbookError, whose message says what is wrong, for any file it cannot read safely.
 */
export function readWorkbook(bytes: Uint8Array, limits?: Partial<ReadLimits>): WorkbookModel {
  const bounds = resolveLimits(limits);
  const zip = openZip(bytes, bounds);
  const read = (part: string): Uint8Array | undefined => readPart(zip, part);

  const rootRels = optionalRels(zip, '');
  const workbookPath = findWorkbookPart(zip, rootRels);
  const workbookBytes = read(workbookPath);
  if (workbookBytes === undefined) throw missingWorkbook(zip);
  const book = parseWorkbookPart(workbookBytes, workbookPath);

  if (book.sheets.length === 0) {
    throw new WorkbookError('CORRUPT', `The workbook (${workbookPath}) lists no sheets.`, workbookPath);
  }
  if (book.sheets.length > bounds.maxSheets) {
    throw new WorkbookError(
      'TOO_MANY_SHEETS',
      `The workbook has ${formatCount(book.sheets.length)} sheets, more than the limit of ${formatCount(bounds.maxSheets)}.`,
    );
  }

  const relsPart = relsPartFor(workbookPath);
  const relsBytes = read(relsPart);
  if (relsBytes === undefined) {
    throw new WorkbookError(
      'MISSING_PART',
      `The workbook's relationships part (${relsPart}) is missing, so its sheets cannot be found.`,
      relsPart,
    );
  }
  const rels = parseRelationships(relsBytes, relsPart, workbookPath);
  const relById = new Map(rels.map((r) => [r.id, r]));
  const related = (kind: string): { part: string; bytes: Uint8Array } | undefined => {
    const rel = rels.find((r) => !r.external && isRelType(r, kind));
    const bytes = rel === undefined ? undefined : read(rel.target);
    return rel === undefined || bytes === undefined ? undefined : { part: rel.target, bytes };
  };

  const strings = related('sharedStrings');
  const sharedStrings = strings === undefined ? [] : parseSharedStrings(strings.bytes, strings.part);
  const styles = related('styles');
  const numFmts = styles === undefined ? [] : parseStyles(styles.bytes, styles.part);
  const metadata = related('sheetMetadata');
  const dynamicCm =
    metadata === undefined ? new Set<number>() : parseDynamicArrayMetadata(metadata.bytes, metadata.part);

  const counter = { cells: 0 };
  const sheets: SheetModel[] = book.sheets.map((entry) => {
    const rel = relById.get(entry.relId);
    if (rel === undefined || rel.external) {
      throw new WorkbookError(
        'MISSING_PART',
        `The sheet "${entry.name}" has no part in the workbook (relationship ${entry.relId || '(none)'} is missing).`,
        relsPart,
      );
    }
    // Chart sheets hold no cells but keep their place: `localSheetId` counts them.
    if (isRelType(rel, 'chartsheet')) return { name: entry.name, state: entry.state, cells: [] };
    const sheetBytes = read(rel.target);
    if (sheetBytes === undefined) {
      throw new WorkbookError(
        'MISSING_PART',
        `The part ${rel.target} holding the sheet "${entry.name}" is missing from the file.`,
        rel.target,
      );
    }
    const cells = parseWorksheet(sheetBytes, {
      part: rel.target,
      sheetName: entry.name,
      sharedStrings,
      numFmts,
      dynamicCm,
      date1904: book.date1904,
      limits: bounds,
      counter,
    });
    return { name: entry.name, state: entry.state, cells };
  });

  const definedNames: DefinedName[] = [];
  for (const raw of book.definedNames) {
    if (raw.localSheetId !== null && (raw.localSheetId < 0 || raw.localSheetId >= sheets.length)) continue;
    if (raw.formula.length > bounds.maxFormulaLength) {
      throw new WorkbookError(
        'FORMULA_TOO_LONG',
        `The defined name ${raw.name} is ${formatCount(raw.formula.length)} characters long, more than the limit of ${formatCount(bounds.maxFormulaLength)}.`,
        workbookPath,
      );
    }
    definedNames.push({
      name: raw.name,
      scope: raw.localSheetId,
      formula: raw.formula,
      kind: classifyDefinedName(raw.formula),
      hidden: raw.hidden,
    });
  }

  const model: WorkbookModel = { sheets, definedNames, date1904: book.date1904, calc: book.calc };
  const application = readApplication(zip, rootRels);
  return application === undefined ? model : { ...model, application };
}

/** Reads an .xlsx file from disk; see `readWorkbook`. */
export function readWorkbookFile(path: string, limits?: Partial<ReadLimits>): WorkbookModel {
  return readWorkbook(readFileSync(path), limits);
}

/** Part names in relationships are URIs: try them as written, then percent-decoded. */
function readPart(zip: ZipArchive, part: string): Uint8Array | undefined {
  const direct = zip.read(part);
  if (direct !== undefined || !part.includes('%')) return direct;
  try {
    return zip.read(decodeURIComponent(part));
  } catch {
    return undefined;
  }
}

function optionalRels(zip: ZipArchive, source: string): Relationship[] {
  const part = relsPartFor(source);
  const bytes = readPart(zip, part);
  return bytes === undefined ? [] : parseRelationships(bytes, part, source);
}

function findWorkbookPart(zip: ZipArchive, rootRels: readonly Relationship[]): string {
  const rel = rootRels.find((r) => !r.external && isRelType(r, 'officeDocument'));
  if (rel !== undefined) return rel.target;
  // No package relationship: tolerate it when the conventional part is there.
  if (zip.has('xl/workbook.xml')) return 'xl/workbook.xml';
  throw missingWorkbook(zip);
}

function missingWorkbook(zip: ZipArchive): WorkbookError {
  if (zip.has('xl/workbook.bin')) {
    return new WorkbookError(
      'UNSUPPORTED_FORMAT',
      'The file is an Excel binary workbook (.xlsb), which is not supported; save it as .xlsx in Excel.',
    );
  }
  if (zip.has('content.xml') && zip.has('mimetype')) {
    return new WorkbookError(
      'UNSUPPORTED_FORMAT',
      'The file is an OpenDocument spreadsheet (.ods), not an .xlsx workbook; save it as .xlsx.',
    );
  }
  return new WorkbookError(
    'MISSING_PART',
    'The file is not a valid .xlsx workbook: its workbook part (xl/workbook.xml) is missing.',
    'xl/workbook.xml',
  );
}

function readApplication(zip: ZipArchive, rootRels: readonly Relationship[]): string | undefined {
  const rel = rootRels.find((r) => !r.external && isRelType(r, 'extended-properties'));
  const part = rel?.target ?? 'docProps/app.xml';
  const bytes = readPart(zip, part);
  return bytes === undefined ? undefined : parseApplication(bytes, part);
}
