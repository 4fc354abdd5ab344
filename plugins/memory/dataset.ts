// Opens (or creates, only when absent) the LanceDB memories table, and reports a damaged dataset without touching it.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, Index, type Connection, type Table } from '@lancedb/lancedb';
import { MemoryDatasetError } from './errors';
import { memorySchema, REQUIRED_COLUMNS, TABLE_NAME } from './schema';

export { MemoryDatasetError } from './errors';

/** The dataset directory of the memories table inside `dataDir`. */
export function tablePath(dataDir: string): string {
  return join(dataDir, `${TABLE_NAME}.lance`);
}

/** An open memories table and the connection that owns it; close both with `close()`. */
export interface OpenDataset {
  db: Connection;
  table: Table;
  /** True when this call created the table (the directory did not exist). */
  created: boolean;
  close(): void;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Reads the schema, the row count and every row's id and timestamps, so damage surfaces now rather than mid-turn. */
async function verify(table: Table): Promise<void> {
  const schema = await table.schema();
  const names = new Set(schema.fields.map((field) => field.name));
  const missing = REQUIRED_COLUMNS.filter((name) => !names.has(name));
  if (missing.length > 0) throw new Error(`the table lacks column(s) ${missing.join(', ')}`);
  await table.countRows();
  await table.query().select(['id', 'kind', 'updatedAt', 'expiresAt']).toArrow();
}

/**
 * Opens `<dataDir>/memories.lance`, creating it (with its full-text index on `text`) only when the directory
 * does not exist. Throws {@link MemoryDatasetError} naming the path when an existing dataset cannot be opened
 * or read; other errors (e.g. permission denied on `dataDir`) are rethrown as they are.
 */
export async function openDataset(dataDir: string): Promise<OpenDataset> {
  const path = tablePath(dataDir);
  const present = await exists(path);
  let db: Connection;
  try {
    db = await connect(dataDir);
  } catch (error) {
    throw present ? new MemoryDatasetError(path, error) : error;
  }
  if (!present) {
    const table = await db.createEmptyTable(TABLE_NAME, memorySchema(), { mode: 'create' });
    await table.createIndex('text', { config: Index.fts(), replace: true });
    return { db, table, created: true, close: () => closeAll(db, table) };
  }
  let table: Table | undefined;
  try {
    table = await db.openTable(TABLE_NAME);
    await verify(table);
  } catch (error) {
    closeAll(db, table);
    throw new MemoryDatasetError(path, error);
  }
  const opened = table;
  return { db, table: opened, created: false, close: () => closeAll(db, opened) };
}

function closeAll(db: Connection, table: Table | undefined): void {
  if (table?.isOpen()) table.close();
  if (db.isOpen()) db.close();
}
