/** A database with nothing in it, on the tests' standalone Postgres: what a fresh host has. */
import { randomBytes } from 'node:crypto';
import { connectDatabase } from '@calsync/server';
import { TEST_DATABASE_ENV } from '@calsync/server/testing';

/** An empty database's URL, and how to drop it. */
export interface EmptyDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database (no migrations applied) next to the tests' template databases. */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const admin = process.env[TEST_DATABASE_ENV];
  if (!admin) throw new Error(`${TEST_DATABASE_ENV} is unset: run under the server's globalSetup`);
  const name = `calsync_fresh_${randomBytes(6).toString('hex')}`;
  const sql = connectDatabase(admin, { max: 1 });
  try {
    await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = connectDatabase(admin, { max: 1 });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
