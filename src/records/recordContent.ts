/**
 * What a record holds (spec §7 decision), independent of storage and wire: the values of a
 * workbook's names after a calculation become primary fields (single cells) and secondary
 * tables (multi-cell names, one row per range row); a saved record reads back as flat
 * `Field → string` pairs, system fields first.
 */
import type { NameValues } from '../compute/protocol.js';
import type { RecordContent, RecordFieldValue, RecordHeader, RecordTable } from '../store/types.js';

/** System fields, in the order GetRecord, GetRecordExtended and the export list them. */
export const SYSTEM_FIELDS = [
  'ID',
  'UserName',
  'EntryDate',
  'LastUpdateDate',
  'CurrentStatusIndex',
  'GroupId',
  'AssignedUserName',
] as const;

const SYSTEM_KEYS: ReadonlySet<string> = new Set(SYSTEM_FIELDS.map((f) => f.toLowerCase()));

/** Whether a name is spelled like a system field (ignoring case); such names are not saved. */
export function isSystemFieldName(name: string): boolean {
  return SYSTEM_KEYS.has(name.toLowerCase());
}

/**
 * The key of the n-th (0-based) column of a secondary-table row: `Column1`, `Column2`, ...
 * Positional keys are the one choice that is always defined and unambiguous: a first row of
 * text may be headers or data, and a one-column list has no header at all.
 */
export function columnKey(index: number): string {
  return `Column${index + 1}`;
}

/** Record content from the names read after a calculation, and the names left out (system-field spellings). */
export function contentOfNames(names: readonly NameValues[]): { content: RecordContent; skipped: string[] } {
  const fields: RecordFieldValue[] = [];
  const tables: RecordTable[] = [];
  const seen = new Set<string>();
  const skipped: string[] = [];
  for (const n of names) {
    const key = n.name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (SYSTEM_KEYS.has(key)) {
      skipped.push(n.name);
      continue;
    }
    const first = n.cells[0]?.[0];
    if (n.cells.length === 1 && n.cells[0]?.length === 1 && first) {
      fields.push({
        name: n.name,
        value: first.Type === 'Empty' ? '' : first.Value,
        number: first.Type === 'Number' ? Number(first.Value) : null,
      });
    } else if (n.cells.length > 0) {
      tables.push({
        name: n.name,
        rows: n.cells.map((row, i) => ({
          sequenceId: i + 1,
          items: Object.fromEntries(row.map((c, j) => [columnKey(j), c.Type === 'Empty' ? '' : c.Value])),
        })),
      });
    }
  }
  return { content: { fields, tables }, skipped };
}

/** A system field's value as text: ISO-8601 UTC dates, '' for none. */
export function systemValues(h: RecordHeader): Record<(typeof SYSTEM_FIELDS)[number], string> {
  return {
    ID: String(h.id),
    UserName: h.userName ?? '',
    EntryDate: h.entryDate.toISOString(),
    LastUpdateDate: h.lastUpdateDate.toISOString(),
    CurrentStatusIndex: String(h.statusIndex),
    GroupId: h.groupId === null ? '' : String(h.groupId),
    AssignedUserName: h.assignedUserName ?? '',
  };
}

/** A record's primary table as one object: system fields, then every primary field. */
export function primaryTable(h: RecordHeader, fields: readonly RecordFieldValue[]): Record<string, string> {
  const out: Record<string, string> = { ...systemValues(h) };
  for (const f of fields) if (!SYSTEM_KEYS.has(f.name.toLowerCase())) out[f.name] = f.value;
  return out;
}
