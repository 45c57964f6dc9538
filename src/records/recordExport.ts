/**
 * Exporting an application's records as CSV (RFC 4180) or JSON, streamed: records are read
 * from the store in batches and written as they come, waiting whenever the output is full, so
 * memory stays flat however many records there are.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Store } from '../store/store.js';
import type { Application } from '../store/types.js';
import { SYSTEM_FIELDS, systemValues } from './recordContent.js';

/** Export formats: CSV with a header row, or one JSON array of `{Field: value}` objects. */
export type ExportFormat = 'csv' | 'json';

/**
 * Writes every record of `app` to `out`: system fields, then each primary field the
 * application's records have (in workbook order; '' where a record has none). Returns how many.
 */
export async function exportRecords(
  store: Store,
  app: Application,
  format: ExportFormat,
  out: Writable,
): Promise<number> {
  const fieldNames = await store.listRecordFieldNames(app.siteId, app.id);
  const columns = [...SYSTEM_FIELDS, ...fieldNames];
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  if (format === 'csv') await write(csvLine(columns));
  else await write('[');
  let count = 0;
  for await (const record of store.streamRecords(app.siteId, app.id)) {
    const system: Record<string, string> = systemValues(record);
    const fields = new Map(record.fields.map((f) => [f.name.toLowerCase(), f.value]));
    const values = [
      ...SYSTEM_FIELDS.map((f) => system[f] ?? ''),
      ...fieldNames.map((n) => fields.get(n.toLowerCase()) ?? ''),
    ];
    if (format === 'csv') await write(csvLine(values));
    else
      await write(
        `${count === 0 ? '\n' : ',\n'}${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, values[i]])))}`,
      );
    count++;
  }
  if (format === 'json') await write(count === 0 ? ']\n' : '\n]\n');
  return count;
}

/** One CSV record (RFC 4180): fields quoted when they hold a comma, quote, CR or LF; CRLF ended. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')}\r\n`;
}
