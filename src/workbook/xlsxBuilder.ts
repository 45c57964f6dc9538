/**
 * A small .xlsx writer for tests, benchmarks and the demo workbook: it builds a minimal but
 * complete package (content types, relationships, styles, shared strings) that Excel and
 * other tools open, and that `readWorkbook` reads back to the same model.
 */
import { strToU8, type Zippable, zipSync } from 'fflate';
import { columnLetters, formatRange, parseCellRef, parseRange } from './cellRef.js';
import type { CalcSettings, CellRange, ErrorCode, SheetState } from './model.js';
import { builtinNumberFormatId } from './numberFormats.js';
import { encodeOoxmlString } from './ooxmlString.js';

/** A constant or cached value: an error is written `{ error: '#N/A' }`. */
export type BuildValue = number | string | boolean | { readonly error: ErrorCode | string };

/** A formula cell for the writer. */
export interface BuildFormulaCell {
  /** Formula text, with or without a leading `=`. */
  readonly formula: string;
  /** The cached result; without one the file asks Excel to recalculate on open. */
  readonly value?: BuildValue;
  readonly numFmt?: string;
  /** Makes this cell the anchor of an array formula filling this range (`A1:B3`). */
  readonly array?: string;
  /** Marks the array formula as dynamic (spilling); implies `array` (default: this cell). */
  readonly dynamic?: boolean;
}

/** A constant with a number format. */
export interface BuildValueCell {
  readonly value: BuildValue;
  readonly numFmt?: string;
}

/** A cell for the writer: a bare constant, a formatted constant or a formula. */
export type BuildCell = number | string | boolean | BuildFormulaCell | BuildValueCell;

/** A sheet for the writer. */
export interface BuildSheet {
  readonly name: string;
  readonly state?: SheetState;
  /** Cells by A1 address; any order. */
  readonly cells?: Readonly<Record<string, BuildCell>>;
}

/** A defined name for the writer. */
export interface BuildDefinedName {
  readonly name: string;
  readonly formula: string;
  /** Index of the sheet the name is local to; omitted or null for a global name. */
  readonly scope?: number | null;
  readonly hidden?: boolean;
}

/** Everything `buildXlsx` writes. */
export interface BuildSpec {
  readonly sheets: readonly BuildSheet[];
  readonly definedNames?: readonly BuildDefinedName[];
  readonly date1904?: boolean;
  readonly calc?: Partial<CalcSettings>;
  /** `docProps/app.xml` Application; default `sheetport`. */
  readonly application?: string;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Builds the bytes of an .xlsx file from `spec`. Throws on an invalid address or sheet list. */
export function buildXlsx(spec: BuildSpec): Uint8Array {
  if (spec.sheets.length === 0) throw new Error('A workbook needs at least one sheet.');
  const strings = new Table();
  const formats = new Table();
  formats.index('General');
  let dynamic = false;
  let needsCalc = false;

  const sheetXml = spec.sheets.map((sheet) => {
    // Object.keys + lookups: Object.entries is several times slower on 100k-key objects.
    const source = sheet.cells ?? {};
    const cells: { row: number; col: number; cell: BuildCell }[] = [];
    for (const address of Object.keys(source)) {
      const ref = parseCellRef(address);
      const cell = source[address];
      if (ref === undefined) throw new Error(`"${address}" is not an A1 cell address.`);
      if (cell !== undefined) cells.push({ row: ref.row, col: ref.col, cell });
    }
    cells.sort((a, b) => a.row - b.row || a.col - b.col);
    const rows: string[] = [];
    let rowCells: string[] = [];
    let currentRow = 0;
    const flush = (): void => {
      if (rowCells.length > 0) rows.push(`<row r="${currentRow}">${rowCells.join('')}</row>`);
      rowCells = [];
    };
    for (const { row, col, cell } of cells) {
      if (row !== currentRow) {
        flush();
        currentRow = row;
      }
      const written = cellXml(row, col, cell, strings, formats);
      dynamic ||= written.dynamic;
      needsCalc ||= written.needsCalc;
      rowCells.push(written.xml);
    }
    flush();
    const dimension = cells.length === 0 ? 'A1' : formatRange(bounds(cells));
    return `${HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><dimension ref="${dimension}"/><sheetData>${rows.join('')}</sheetData></worksheet>`;
  });

  const files: Record<string, string> = {
    '[Content_Types].xml': contentTypes(spec.sheets.length, dynamic),
    '_rels/.rels': relsXml([
      ['rId1', `${REL}/officeDocument`, 'xl/workbook.xml'],
      ['rId2', `${REL}/extended-properties`, 'docProps/app.xml'],
      [
        'rId3',
        'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
        'docProps/core.xml',
      ],
    ]),
    'docProps/app.xml': `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${esc(spec.application ?? 'sheetport')}</Application></Properties>`,
    'docProps/core.xml': `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>sheetport</dc:creator></cp:coreProperties>`,
    'xl/workbook.xml': workbookXml(spec, needsCalc),
    'xl/_rels/workbook.xml.rels': relsXml([
      ...spec.sheets.map((_, i): [string, string, string] => [
        `rId${i + 1}`,
        `${REL}/worksheet`,
        `worksheets/sheet${i + 1}.xml`,
      ]),
      [`rId${spec.sheets.length + 1}`, `${REL}/styles`, 'styles.xml'],
      [`rId${spec.sheets.length + 2}`, `${REL}/sharedStrings`, 'sharedStrings.xml'],
      ...(dynamic
        ? [
            [`rId${spec.sheets.length + 3}`, `${REL}/sheetMetadata`, 'metadata.xml'] as [
              string,
              string,
              string,
            ],
          ]
        : []),
    ]),
    'xl/styles.xml': stylesXml(formats.values),
    'xl/sharedStrings.xml': `${HEAD}<sst xmlns="${NS_MAIN}" count="${strings.values.length}" uniqueCount="${strings.values.length}">${strings.values.map((s) => `<si>${textElement(s)}</si>`).join('')}</sst>`,
  };
  sheetXml.forEach((xml, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = xml;
  });
  if (dynamic) files['xl/metadata.xml'] = METADATA_XML;
  const zippable: Zippable = {};
  for (const [name, content] of Object.entries(files)) zippable[name] = strToU8(content);
  return zipSync(zippable, { level: 6 });
}

function bounds(cells: readonly { row: number; col: number }[]): CellRange {
  let top = Number.POSITIVE_INFINITY;
  let left = Number.POSITIVE_INFINITY;
  let bottom = 0;
  let right = 0;
  for (const { row, col } of cells) {
    top = Math.min(top, row);
    left = Math.min(left, col);
    bottom = Math.max(bottom, row);
    right = Math.max(right, col);
  }
  return { top, left, bottom, right };
}

/** Interns strings in first-use order (shared strings, number formats). */
class Table {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  index(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.ids.set(value, id);
    }
    return id;
  }
}

function cellXml(
  row: number,
  col: number,
  cell: BuildCell,
  strings: Table,
  formats: Table,
): { xml: string; dynamic: boolean; needsCalc: boolean } {
  const r = `${columnLetters(col)}${row}`;
  if (typeof cell !== 'object')
    return { xml: valueCell(r, '', cell, strings), dynamic: false, needsCalc: false };
  const style =
    cell.numFmt === undefined || cell.numFmt === 'General' ? '' : ` s="${formats.index(cell.numFmt)}"`;
  if (!('formula' in cell))
    return { xml: valueCell(r, style, cell.value, strings), dynamic: false, needsCalc: false };

  const formula = cell.formula.startsWith('=') ? cell.formula.slice(1) : cell.formula;
  const dynamic = cell.dynamic === true;
  let fAttrs = '';
  if (cell.array !== undefined || dynamic) {
    const range = parseRange(cell.array ?? r);
    if (range === undefined) throw new Error(`"${cell.array}" is not an A1 range.`);
    fAttrs = ` t="array" ref="${formatRange(range)}"`;
  }
  const cm = dynamic ? ' cm="1"' : '';
  const f = `<f${fAttrs}>${esc(formula)}</f>`;
  const v = cell.value;
  if (v === undefined) return { xml: `<c r="${r}"${style}${cm}>${f}</c>`, dynamic, needsCalc: true };
  const [t, text] =
    typeof v === 'number'
      ? ['', numberText(v)]
      : typeof v === 'boolean'
        ? [' t="b"', v ? '1' : '0']
        : typeof v === 'string'
          ? [' t="str"', esc(encodeOoxmlString(v))]
          : [' t="e"', esc(v.error)];
  return { xml: `<c r="${r}"${style}${t}${cm}>${f}<v>${text}</v></c>`, dynamic, needsCalc: false };
}

function valueCell(r: string, style: string, value: BuildValue, strings: Table): string {
  if (typeof value === 'number') return `<c r="${r}"${style}><v>${numberText(value)}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${r}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (typeof value === 'string') return `<c r="${r}"${style} t="s"><v>${strings.index(value)}</v></c>`;
  return `<c r="${r}"${style} t="e"><v>${esc(value.error)}</v></c>`;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`${n} cannot be stored in a workbook cell.`);
  return String(n);
}

function textElement(s: string): string {
  const preserve = /^\s|\s$|[\n\t]/.test(s) ? ' xml:space="preserve"' : '';
  return `<t${preserve}>${esc(encodeOoxmlString(s))}</t>`;
}

function workbookXml(spec: BuildSpec, fullCalcOnLoad: boolean): string {
  const activeTab = Math.max(
    0,
    spec.sheets.findIndex((s) => (s.state ?? 'visible') === 'visible'),
  );
  const sheets = spec.sheets
    .map((s, i) => {
      const state = s.state === undefined || s.state === 'visible' ? '' : ` state="${s.state}"`;
      return `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${state} r:id="rId${i + 1}"/>`;
    })
    .join('');
  const names = (spec.definedNames ?? [])
    .map((n) => {
      const scope = n.scope === undefined || n.scope === null ? '' : ` localSheetId="${n.scope}"`;
      const hidden = n.hidden ? ' hidden="1"' : '';
      const formula = n.formula.startsWith('=') ? n.formula.slice(1) : n.formula;
      return `<definedName name="${esc(n.name)}"${scope}${hidden}>${esc(formula)}</definedName>`;
    })
    .join('');
  const calc = spec.calc ?? {};
  const calcAttrs = [
    ' calcId="191029"',
    calc.iterate ? ' iterate="1"' : '',
    calc.iterateCount === undefined ? '' : ` iterateCount="${calc.iterateCount}"`,
    calc.iterateDelta === undefined ? '' : ` iterateDelta="${calc.iterateDelta}"`,
    fullCalcOnLoad ? ' fullCalcOnLoad="1"' : '',
  ].join('');
  return (
    `${HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    `<workbookPr${spec.date1904 ? ' date1904="1"' : ''}/>` +
    `<bookViews><workbookView activeTab="${activeTab}"/></bookViews>` +
    `<sheets>${sheets}</sheets>` +
    (names === '' ? '' : `<definedNames>${names}</definedNames>`) +
    `<calcPr${calcAttrs}/></workbook>`
  );
}

function stylesXml(codes: readonly string[]): string {
  const custom: string[] = [];
  let nextId = 164;
  const xfs = codes.map((code) => {
    let id = builtinNumberFormatId(code);
    if (id === undefined) {
      id = nextId++;
      custom.push(`<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`);
    }
    const apply = id === 0 ? '' : ' applyNumberFormat="1"';
    return `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${apply}/>`;
  });
  return (
    `${HEAD}<styleSheet xmlns="${NS_MAIN}">` +
    (custom.length === 0 ? '' : `<numFmts count="${custom.length}">${custom.join('')}</numFmts>`) +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

function contentTypes(sheetCount: number, dynamic: boolean): string {
  const override = (part: string, type: string): string =>
    `<Override PartName="/${part}" ContentType="${type}"/>`;
  const parts = [
    override('xl/workbook.xml', `${CT}.spreadsheetml.sheet.main+xml`),
    ...Array.from({ length: sheetCount }, (_, i) =>
      override(`xl/worksheets/sheet${i + 1}.xml`, `${CT}.spreadsheetml.worksheet+xml`),
    ),
    override('xl/styles.xml', `${CT}.spreadsheetml.styles+xml`),
    override('xl/sharedStrings.xml', `${CT}.spreadsheetml.sharedStrings+xml`),
    dynamic ? override('xl/metadata.xml', `${CT}.spreadsheetml.sheetMetadata+xml`) : '',
    override('docProps/app.xml', `${CT}.extended-properties+xml`),
    override('docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml'),
  ];
  return (
    `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    `<Default Extension="xml" ContentType="application/xml"/>${parts.join('')}</Types>`
  );
}

function relsXml(rels: readonly (readonly [string, string, string])[]): string {
  const items = rels.map(
    ([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`,
  );
  return `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (ch) =>
    ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;',
  );
}

const METADATA_XML =
  `${HEAD}<metadata xmlns="${NS_MAIN}" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">` +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>' +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';
