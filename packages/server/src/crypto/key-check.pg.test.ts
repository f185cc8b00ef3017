import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncFixture } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { checkKeysAgainstStore, storedEnvelopeKeyIds } from './key-check.js';
import { Keyring } from './keyring.js';

const spec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('checking a keyring against the stored envelopes', () => {
  let db: TestDatabase;
  let t: TestContext;
  const a = spec('a');
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db, { keyring: Keyring.parse(a) });
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('an empty database holds no key ids, and any keyring passes', async () => {
    expect(await storedEnvelopeKeyIds(db.sql)).toEqual([]);
    expect(await checkKeysAgainstStore(db.sql, Keyring.parse(spec('b')))).toEqual({
      storedKeyIds: [],
      missingKeyIds: [],
      wrongKeyIds: [],
    });
  });

  it('names the key ids a keyring lacks, and those it holds with other material', async () => {
    await createSyncFixture(t);
    expect(await storedEnvelopeKeyIds(db.sql)).toEqual(['a']);
    expect(await checkKeysAgainstStore(db.sql, Keyring.parse(a))).toMatchObject({
      missingKeyIds: [],
      wrongKeyIds: [],
    });
    // Only a new key: a lacks.
    expect(await checkKeysAgainstStore(db.sql, Keyring.parse(spec('b')))).toEqual({
      storedKeyIds: ['a'],
      missingKeyIds: ['a'],
      wrongKeyIds: [],
    });
    // Another key under the same id (a generated key of the same name): it opens nothing.
    expect(await checkKeysAgainstStore(db.sql, Keyring.parse(`${spec('b')},${spec('a')}`))).toEqual(
      { storedKeyIds: ['a'], missingKeyIds: [], wrongKeyIds: ['a'] },
    );
    // The new key first, the old one after it: fine.
    expect(await checkKeysAgainstStore(db.sql, Keyring.parse(`${spec('b')},${a}`))).toMatchObject({
      missingKeyIds: [],
      wrongKeyIds: [],
    });
  });
});
