import type { Kysely } from 'kysely';
import type { DialectTypes } from '../dialect.js';

/**
 * One schema step. `up` runs inside the migration transaction and receives an untyped
 * Kysely: a migration describes the schema as it was at its own time, not today's types.
 */
export interface Migration {
  /** `NNN_name`, unique and increasing in the list. */
  readonly name: string;
  up(db: Kysely<unknown>, types: DialectTypes): Promise<void>;
}
