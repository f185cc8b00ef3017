import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { describeSchema } from './schema-snapshot.js';

const SNAPSHOT = new URL('./schema.snapshot.txt', import.meta.url);

/** Run with UPDATE_SCHEMA_SNAPSHOT=1 after adding a migration, and review the diff. */
describe('schema drift', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('matches the committed snapshot', async () => {
    const actual = await describeSchema(db.sql);
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1' || !existsSync(SNAPSHOT)) {
      if (process.env.CI) throw new Error('schema snapshot missing; generate it locally');
      await writeFile(SNAPSHOT, actual);
    }
    expect(actual).toBe(await readFile(SNAPSHOT, 'utf8'));
  });
});
