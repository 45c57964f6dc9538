/**
 * Bounded unzip. The central directory is read and checked against the limits before a
 * single byte is inflated; entries are then inflated on demand, in chunks, and stopped as
 * soon as they produce more than their header declared.
 *
 * We walk the central directory ourselves rather than through fflate's `unzipSync`:
 * it inflates into a buffer of the declared size and silently truncates when the header
 * lies, so a forged entry would surface as confusing broken XML instead of being refused.
 */
import { Inflate } from 'fflate';
import { formatCount, WorkbookError } from './errors.js';
import type { ReadLimits } from './limits.js';

/** One entry of the central directory, as declared (nothing inflated yet). */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** A checked zip archive whose entries are inflated on demand. */
export interface ZipArchive {
  readonly entries: readonly ZipEntry[];
  /** Whether an entry exists (part names are case-insensitive in OPC). */
  has(name: string): boolean;
  /** Inflates one entry within its declared size; undefined when there is no such entry. */
  read(name: string): Uint8Array | undefined;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64_LOCATOR = 0x07064b50;
const SIG_END64 = 0x06064b50;
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const INFLATE_CHUNK = 64 * 1024;
const NOT_XLSX = 'The file is not a valid .xlsx workbook';
const utf8 = new TextDecoder();

/** Checks the archive's structure and declared sizes against `limits`, inflating nothing. */
export function openZip(bytes: Uint8Array, limits: ReadLimits): ZipArchive {
  sniff(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { count, offset } = findCentralDirectory(bytes, view);
  if (count > limits.maxEntries) {
    throw new WorkbookError(
      'TOO_MANY_ENTRIES',
      `The file contains ${formatCount(count)} zip entries, more than the limit of ${formatCount(limits.maxEntries)}.`,
    );
  }
  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let total = 0;
  let pos = offset;
  for (let i = 0; i < count; i++) {
    need(view, pos, 46);
    if (view.getUint32(pos, true) !== SIG_CENTRAL) throw damaged('its central directory is corrupt');
    const flags = view.getUint16(pos + 8, true);
    const method = view.getUint16(pos + 10, true);
    let compressedSize = view.getUint32(pos + 20, true);
    let size = view.getUint32(pos + 24, true);
    const nameLen = view.getUint16(pos + 28, true);
    const extraLen = view.getUint16(pos + 30, true);
    const commentLen = view.getUint16(pos + 32, true);
    let localOffset = view.getUint32(pos + 42, true);
    need(view, pos + 46, nameLen + extraLen);
    const name = utf8.decode(bytes.subarray(pos + 46, pos + 46 + nameLen));
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      const z64 = readZip64Extra(view, pos + 46 + nameLen, extraLen, size, compressedSize, localOffset);
      ({ size, compressedSize, localOffset } = z64);
    }
    pos += 46 + nameLen + extraLen + commentLen;

    if (flags & 1) {
      throw new WorkbookError(
        'ENCRYPTED',
        `The workbook is encrypted (zip entry ${name} is password-protected); remove the password and upload it again.`,
      );
    }
    if (method !== 0 && method !== 8) {
      throw damaged(`entry ${name} uses an unsupported compression method (${method})`);
    }
    if (size > limits.maxEntryUncompressed) {
      throw new WorkbookError(
        'ENTRY_TOO_LARGE',
        `The zip entry ${name} would inflate to ${formatCount(size)} bytes, more than the limit of ${formatCount(limits.maxEntryUncompressed)} bytes per entry.`,
      );
    }
    if (size > limits.ratioThreshold && size / Math.max(compressedSize, 1) > limits.maxCompressionRatio) {
      throw new WorkbookError(
        'ZIP_BOMB',
        `The zip entry ${name} is compressed ${Math.round(size / Math.max(compressedSize, 1))} to 1, more than the limit of ${formatCount(limits.maxCompressionRatio)} to 1; the file looks like a zip bomb.`,
      );
    }
    total += size;
    if (total > limits.maxTotalUncompressed) {
      throw new WorkbookError(
        'TOO_LARGE',
        `The workbook would inflate to more than ${formatCount(limits.maxTotalUncompressed)} bytes, the limit for all its parts together.`,
      );
    }
    const key = name.toLowerCase();
    if (byName.has(key)) throw damaged(`it lists the entry ${name} twice`);
    const entry: ZipEntry = { name, method, compressedSize, size, localOffset };
    entries.push(entry);
    byName.set(key, entry);
  }

  return {
    entries,
    has: (name) => byName.has(name.toLowerCase()),
    read(name) {
      const entry = byName.get(name.toLowerCase());
      return entry === undefined ? undefined : inflateEntry(bytes, view, entry);
    },
  };
}

/** Recognises what the bytes are when they are not a zip, to say so precisely. */
function sniff(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new WorkbookError('NOT_ZIP', `${NOT_XLSX}: the file is empty.`);
  if (bytes.length >= 8 && OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    // Password-protected .xlsx files are OLE containers holding an "EncryptedPackage" stream.
    if (containsUtf16(bytes, 'EncryptedPackage')) {
      throw new WorkbookError(
        'ENCRYPTED',
        'The workbook is password-protected (encrypted); remove the password in Excel and upload it again.',
      );
    }
    throw new WorkbookError(
      'LEGACY_XLS',
      'The file is an Excel 97-2003 (.xls) workbook or another OLE document, not an .xlsx workbook; open it in Excel and save it as .xlsx.',
    );
  }
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new WorkbookError('NOT_ZIP', `${NOT_XLSX}: it is not a zip archive.`);
  }
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

function findCentralDirectory(bytes: Uint8Array, view: DataView): { count: number; offset: number } {
  // The end record sits in the last 22 bytes plus an optional comment of up to 65,535 bytes.
  const stop = Math.max(0, bytes.length - 22 - 65_535);
  let end = -1;
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === SIG_END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw damaged('it is truncated or not a complete zip archive');
  let count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (end >= 20 && view.getUint32(end - 20, true) === SIG_END64_LOCATOR) {
    const end64 = safeNumber(view.getBigUint64(end - 12, true));
    need(view, end64, 56);
    if (view.getUint32(end64, true) !== SIG_END64) throw damaged('its zip64 directory is corrupt');
    count = safeNumber(view.getBigUint64(end64 + 32, true));
    offset = safeNumber(view.getBigUint64(end64 + 48, true));
  }
  if (count === 0) throw new WorkbookError('NOT_ZIP', `${NOT_XLSX}: the zip archive is empty.`);
  need(view, offset, 46);
  return { count, offset };
}

function readZip64Extra(
  view: DataView,
  start: number,
  length: number,
  size: number,
  compressedSize: number,
  localOffset: number,
): { size: number; compressedSize: number; localOffset: number } {
  for (let p = start; p + 4 <= start + length; ) {
    const id = view.getUint16(p, true);
    const len = view.getUint16(p + 2, true);
    if (id === 1) {
      // Only the fields that overflowed are present, in this fixed order.
      let q = p + 4;
      const next = (): number => {
        need(view, q, 8);
        const v = safeNumber(view.getBigUint64(q, true));
        q += 8;
        return v;
      };
      const s = size === 0xffffffff ? next() : size;
      const c = compressedSize === 0xffffffff ? next() : compressedSize;
      const o = localOffset === 0xffffffff ? next() : localOffset;
      return { size: s, compressedSize: c, localOffset: o };
    }
    p += 4 + len;
  }
  throw damaged('a zip64 entry lacks its extended sizes');
}

function inflateEntry(bytes: Uint8Array, view: DataView, entry: ZipEntry): Uint8Array {
  const at = entry.localOffset;
  need(view, at, 30);
  if (view.getUint32(at, true) !== SIG_LOCAL) throw damaged(`the entry ${entry.name} has no local header`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  need(view, start, entry.compressedSize);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size)
      throw damaged(`the stored entry ${entry.name} has inconsistent sizes`);
    return data.slice();
  }
  const out = new Uint8Array(entry.size);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > entry.size) {
      throw new WorkbookError(
        'ZIP_BOMB',
        `The zip entry ${entry.name} inflates to more than the ${formatCount(entry.size)} bytes its header declares; the file is forged or damaged.`,
      );
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    if (data.length === 0) inflater.push(data, true);
    for (let p = 0; p < data.length; p += INFLATE_CHUNK) {
      inflater.push(data.subarray(p, p + INFLATE_CHUNK), p + INFLATE_CHUNK >= data.length);
    }
  } catch (err) {
    if (err instanceof WorkbookError) throw err;
    throw damaged(`the entry ${entry.name} cannot be decompressed`);
  }
  if (written !== entry.size) throw damaged(`the entry ${entry.name} is shorter than its header declares`);
  return out;
}

function need(view: DataView, at: number, length: number): void {
  if (at < 0 || at + length > view.byteLength) throw damaged('it is truncated');
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged('it declares impossible sizes');
  return Number(v);
}

function damaged(reason: string): WorkbookError {
  return new WorkbookError('BAD_ZIP', `${NOT_XLSX}: the zip archive is damaged (${reason}).`);
}
