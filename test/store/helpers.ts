import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore, type Store } from '../../src/store/index.js';

/** A settable clock for the store's own timestamps. */
export class TestClock {
  constructor(public ms = Date.UTC(2025, 0, 1, 12, 0, 0)) {}
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A store on a fresh SQLite file in its own temp dir; reopen and cleanup included. */
export interface TempStore {
  store: Store;
  readonly file: string;
  readonly clock: TestClock;
  /** Closes the store and opens the same file again (migrations run again). */
  reopen(): Promise<Store>;
  /** Closes the store and removes the temp dir. */
  cleanup(): Promise<void>;
}

/** Opens a store on a new temp file. */
export async function openTempStore(): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'sheetport-store-'));
  const file = join(dir, 'data', 'sheetport.db');
  const clock = new TestClock();
  const t: TempStore = {
    store: await createSqliteStore({ file, now: clock.now }),
    file,
    clock,
    async reopen() {
      await t.store.close();
      t.store = await createSqliteStore({ file, now: clock.now });
      return t.store;
    },
    async cleanup() {
      await t.store.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/** Minimal typing of a raw better-sqlite3 connection for inspecting the file in tests. */
export interface RawDb {
  prepare(sql: string): {
    all(...params: unknown[]): unknown[];
    get(...params: unknown[]): unknown;
    run(...params: unknown[]): unknown;
  };
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): void;
}

/** Opens the store's file directly with better-sqlite3 (close the store first for writes). */
export function openRaw(file: string): RawDb {
  const require = createRequire(import.meta.url);
  const Database = require('better-sqlite3') as new (file: string) => RawDb;
  return new Database(file);
}

/** A site with one client, the usual starting point of a test. */
export async function seedSite(store: Store, name = 'Site') {
  const site = await store.createSite(name);
  const client = await store.createClient({
    siteId: site.id,
    identifier: randomHex32(),
    secretHash: '$scrypt$placeholder',
    name: `${name} client`,
  });
  return { site, client };
}

/** 32 random lowercase hex chars. */
export function randomHex32(): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}

/** Some bytes standing in for an .xlsx file. */
export function fakeXlsx(tag: string): Uint8Array {
  return new TextEncoder().encode(`PK\u0003\u0004 fake workbook ${tag}`);
}
