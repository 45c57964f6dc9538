import type { Migration } from './types.js';

/**
 * Saved records (spec §7): a record's own columns, its primary fields and its secondary tables.
 *
 * Layout, and why:
 * - `records` holds the system fields as real columns (filters and sorts on them are plain
 *   indexed SQL) plus `edit_count` for optimistic concurrency. The id is an integer identity:
 *   RecordId is an int on the wire.
 * - Primary fields are rows of `record_fields` (one per single-cell name), not a JSON blob and
 *   not one column per name: every workbook has other names, and a filter or sort on any of
 *   them must run in the database. Each value is kept three ways: `value_text` exactly as the
 *   cell's Value (what GetRecord returns), `value_key` lowercased (case-insensitive equality,
 *   Like and text order) and `value_number` (numeric comparisons and order), with `value_kind`
 *   0 blank, 1 number, 2 text. `value_number` is 0, never null, for non-numbers, so no NULL
 *   takes part in ordering and SQLite and PostgreSQL sort alike.
 * - `record_fields.application_id` repeats the record's application so that ONE index,
 *   (application_id, name_key, value_kind, value_number, value_key, record_id), answers every
 *   field filter as a range (numbers: kind 1 + number range; texts: kind 2, number 0, key) and
 *   walks a field's values of one application in sort order: page 1 of a sorted listing reads
 *   ~pageSize index entries instead of sorting every record.
 * - `record_field_names` lists the field names an application's records have (GetApplication-
 *   DataCustomColumns, export headers) without scanning every field row.
 * - Secondary tables are `record_rows`: one row per range row, its cells as a JSON object.
 *   They are only ever read whole, with their record, so nothing inside them is indexed.
 * Deleting an application deletes its records, and a record its fields and rows (cascades).
 */
export const m005Records: Migration = {
  name: '005_records',
  async up(db, types) {
    await db.schema
      .createTable('records')
      .addColumn('id', 'integer', (c) =>
        types.autoId === 'identity'
          ? c.generatedAlwaysAsIdentity().primaryKey()
          : c.autoIncrement().primaryKey(),
      )
      // No foreign key on site_id: a site's records go with its applications (the cascade
      // below), and site scoping is a filter beside the indexed application_id.
      .addColumn('site_id', 'text', (c) => c.notNull())
      .addColumn('application_id', 'text', (c) =>
        c.notNull().references('applications.id').onDelete('cascade'),
      )
      .addColumn('user_name', 'text')
      .addColumn('user_name_key', 'text')
      .addColumn('entry_date', 'bigint', (c) => c.notNull())
      .addColumn('last_update_date', 'bigint', (c) => c.notNull())
      .addColumn('current_status_index', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('group_id', 'integer')
      .addColumn('assigned_user_name', 'text')
      .addColumn('assigned_user_name_key', 'text')
      .addColumn('edit_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // Listing in id order (the default) and the cascade from applications.
    await db.schema.createIndex('records_app').on('records').columns(['application_id', 'id']).execute();
    // "Latest saves first", the other common listing order.
    await db.schema
      .createIndex('records_app_updated')
      .on('records')
      .columns(['application_id', 'last_update_date', 'id'])
      .execute();

    await db.schema
      .createTable('record_fields')
      .addColumn('record_id', 'integer', (c) => c.notNull().references('records.id').onDelete('cascade'))
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('value_text', 'text', (c) => c.notNull())
      .addColumn('value_key', 'text', (c) => c.notNull())
      .addColumn('value_kind', 'integer', (c) => c.notNull())
      .addColumn('value_number', 'double precision', (c) => c.notNull())
      // Also the index of the cascade from records and of reading one record's fields.
      .addPrimaryKeyConstraint('record_fields_pk', ['record_id', 'name_key'])
      .execute();
    await db.schema
      .createIndex('record_fields_value')
      .on('record_fields')
      .columns(['application_id', 'name_key', 'value_kind', 'value_number', 'value_key', 'record_id'])
      .execute();

    await db.schema
      .createTable('record_field_names')
      .addColumn('application_id', 'text', (c) =>
        c.notNull().references('applications.id').onDelete('cascade'),
      )
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      // Position of the name in the workbook when it was first saved: export column order.
      .addColumn('ordinal', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('record_field_names_pk', ['application_id', 'name_key'])
      .execute();

    await db.schema
      .createTable('record_rows')
      .addColumn('record_id', 'integer', (c) => c.notNull().references('records.id').onDelete('cascade'))
      .addColumn('table_name', 'text', (c) => c.notNull())
      .addColumn('table_key', 'text', (c) => c.notNull())
      .addColumn('sequence_id', 'integer', (c) => c.notNull())
      .addColumn('items', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('record_rows_pk', ['record_id', 'table_key', 'sequence_id'])
      .execute();
  },
};
