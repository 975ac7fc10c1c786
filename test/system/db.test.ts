/**
 * system/db on both backends: the same SQL gives the same values, transactions commit or roll
 * back as a whole, migrations apply exactly once (also when several processes migrate at once).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checksum,
  DatabaseUsageError,
  loadMigrations,
  migrate,
  MigrationError,
  openDatabase,
  redactDatabaseUrl,
  type Database,
  type Migration,
} from '../../system/db/index.js';
import { postgresUrl, testBackends, type TestDatabase } from './helpers/backends.js';

const backends = testBackends();

async function tables(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

describe.each(backends)('database on $name', (backend) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await backend.fresh({ migrate: false });
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('returns the same JavaScript values for the same SQL', async () => {
    const { rows, rowCount } = await t.db.query(
      `SELECT $1::bigint AS big, 42::int AS int, 7::smallint AS small, 1.5::numeric AS num, 0.25::float8 AS dbl,
              $2::timestamptz AS ts, $3::jsonb AS doc, $4::uuid AS id, $5::text AS nothing, 'EUR'::char(3) AS cur,
              true AS yes, ARRAY['a', 'b']::text[] AS list`,
      [9_007_199_254_740_991, new Date('2025-03-14T09:30:08.123Z'), JSON.stringify({ a: [1, { b: null }] }), 'F4628A52-0484-4498-8877-536F9968D331', undefined],
    );
    expect(rowCount).toBe(1);
    expect(rows[0]).toEqual({
      big: 9_007_199_254_740_991,
      int: 42,
      small: 7,
      num: '1.5',
      dbl: 0.25,
      ts: new Date('2025-03-14T09:30:08.123Z'),
      doc: { a: [1, { b: null }] },
      id: 'f4628a52-0484-4498-8877-536f9968d331',
      nothing: null,
      cur: 'EUR',
      yes: true,
      list: ['a', 'b'],
    });
  });

  it('refuses an int8 beyond the safe integer range instead of rounding it', async () => {
    await expect(t.db.query(`SELECT 9007199254740993::bigint AS big`)).rejects.toThrow(/safe integer/);
  });

  it('counts affected rows and runs multi-statement scripts with exec', async () => {
    await t.db.exec('CREATE TABLE t (n int PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3);');
    expect((await t.db.query('UPDATE t SET n = n + 10 WHERE n > $1', [1])).rowCount).toBe(2);
    expect((await t.db.query('DELETE FROM t')).rowCount).toBe(3);
  });

  it('commits a transaction as a whole, and rolls it back as a whole when the callback throws', async () => {
    await t.db.exec('CREATE TABLE t (n int PRIMARY KEY)');
    const result = await t.db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES ($1)', [1]);
      await tx.query('INSERT INTO t VALUES ($1)', [2]);
      return 'done';
    });
    expect(result).toBe('done');
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1)', [3]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1)', [4]);
        await tx.query('INSERT INTO t VALUES ($1)', [1]); // duplicate key
      }),
    ).rejects.toThrow(/duplicate key/);
    const { rows } = await t.db.query<{ n: number }>('SELECT n FROM t ORDER BY n');
    expect(rows.map((row) => row.n)).toEqual([1, 2]);
  });

  it('refuses the database handle inside a transaction, and the transaction handle after it', async () => {
    await t.db.exec('CREATE TABLE t (n int)');
    let leaked: { query(sql: string): Promise<unknown> } | undefined;
    await expect(
      t.db.transaction(async (tx) => {
        leaked = tx;
        await tx.query('INSERT INTO t VALUES (1)');
        await t.db.query('SELECT 1'); // would deadlock on PGlite, run outside the transaction on a server
      }),
    ).rejects.toBeInstanceOf(DatabaseUsageError);
    await expect(leaked?.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUsageError);
    expect((await t.db.query('SELECT * FROM t')).rowCount).toBe(0);
  });

  it('lets what was called before close() finish and refuses what is called after it', async () => {
    const before = t.db.query<{ n: number }>('SELECT 1::int AS n');
    const closing = t.db.close();
    await expect(t.db.query('SELECT 2')).rejects.toThrow(new DatabaseUsageError(`database ${t.db.target} is closed`));
    expect((await before).rows).toEqual([{ n: 1 }]);
    await closing;
    await t.db.close(); // idempotent
  });

  it('runs a statement again after its table changed shape, and after it failed', async () => {
    // PGlite runs repeated statement texts as prepared statements (system/db/pglite-statements.ts).
    await t.db.exec('CREATE TABLE shapes (id integer PRIMARY KEY, a text)');
    const select = 'SELECT * FROM shapes WHERE id = $1';
    await t.db.query('INSERT INTO shapes (id, a) VALUES ($1, $2)', [1, 'one']);
    expect((await t.db.query(select, [1])).rows).toEqual([{ id: 1, a: 'one' }]);
    await t.db.exec(`ALTER TABLE shapes ADD COLUMN b text NOT NULL DEFAULT 'bee'`);
    expect((await t.db.query(select, [1])).rows).toEqual([{ id: 1, a: 'one', b: 'bee' }]);
    const duplicate = t.db.query('INSERT INTO shapes (id, a) VALUES ($1, $2)', [1, 'again']);
    await expect(duplicate).rejects.toMatchObject({ code: '23505', message: expect.stringMatching(/duplicate key/) });
    expect((await t.db.query('INSERT INTO shapes (id, a) VALUES ($1, $2)', [2, 'two'])).rowCount).toBe(1);
    expect((await t.db.query('UPDATE shapes SET a = $1', ['all'])).rowCount).toBe(2);
  });

  it('applies the migrations once, in order, and records them; a second run changes nothing', async () => {
    const files = await loadMigrations();
    expect(files.map((m) => `${m.version}-${m.name}`)).toEqual(['001-orders', '002-outbox', '004-outbox-parked']);

    const first = await migrate(t.db);
    expect(first.applied).toEqual(['001-orders', '002-outbox', '004-outbox-parked']);
    expect(await tables(t.db)).toEqual(['order_items', 'orders', 'outbox', 'schema_migrations']);
    const { rows } = await t.db.query<{ version: string; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    expect(rows).toEqual(files.map((m) => ({ version: m.version, name: m.name, checksum: checksum(m.sql) })));

    const second = await migrate(t.db);
    expect(second).toEqual({ applied: [], recorded: ['001-orders', '002-outbox', '004-outbox-parked'] });
    expect((await t.db.query('SELECT * FROM schema_migrations')).rowCount).toBe(3);
  });

  it('applies each migration exactly once when several processes migrate at the same time', async () => {
    const handles = [t.db, ...(await Promise.all([1, 2, 3].map(() => t.connect())))];
    const results = await Promise.all(handles.map((handle) => migrate(handle)));
    expect(results.flatMap((r) => r.applied).sort()).toEqual(['001-orders', '002-outbox', '004-outbox-parked']);
    for (const result of results) expect(result.recorded).toEqual(['001-orders', '002-outbox', '004-outbox-parked']);
    expect((await t.db.query('SELECT * FROM schema_migrations')).rowCount).toBe(3);
  });

  it('applies new migrations on top of recorded ones, and nothing of a run that fails', async () => {
    const base: Migration[] = [{ version: '001', name: 'a', sql: 'CREATE TABLE a (n int);' }];
    await migrate(t.db, { migrations: base });
    const failing: Migration[] = [
      ...base,
      { version: '002', name: 'b', sql: 'CREATE TABLE b (n int);' },
      { version: '003', name: 'c', sql: 'CREATE TABLE c (n int); SELECT * FROM no_such_table;' },
    ];
    await expect(migrate(t.db, { migrations: failing })).rejects.toThrow(/migration 003-c failed: .*no_such_table/);
    expect(await tables(t.db)).toEqual(['a', 'schema_migrations']);

    const fixed = [...base, { version: '002', name: 'b', sql: 'CREATE TABLE b (n int);' }];
    expect((await migrate(t.db, { migrations: fixed })).applied).toEqual(['002-b']);
    expect(await tables(t.db)).toEqual(['a', 'b', 'schema_migrations']);
  });

  it('refuses to run when an applied migration was edited', async () => {
    await migrate(t.db, { migrations: [{ version: '001', name: 'a', sql: 'CREATE TABLE a (n int);' }] });
    await expect(
      migrate(t.db, { migrations: [{ version: '001', name: 'a', sql: 'CREATE TABLE a (n bigint);' }] }),
    ).rejects.toBeInstanceOf(MigrationError);
  });
});

describe('openDatabase', () => {
  it('uses DATABASE_URL, and never shows its credentials', async () => {
    const url = postgresUrl();
    const password = new URL(url).password;
    expect(password).not.toBe('');
    const db = await openDatabase({ env: { DATABASE_URL: url } });
    try {
      expect(db.backend).toBe('postgres');
      expect(db.target).not.toContain(password);
      expect(db.target).toContain('***');
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
    const unreachable = new URL(url);
    unreachable.port = '1'; // nothing listens there
    const failure = await openDatabase({ url: unreachable.toString() }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).not.toContain(password);
    expect(String((failure as Error).message)).toMatch(/cannot connect to PostgreSQL at postgres:\/\/postgres:\*\*\*@/);
  });

  it('uses embedded PGlite when given a data directory, even with DATABASE_URL set', async () => {
    const db = await openDatabase({ dataDir: 'memory://', env: { DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/none' } });
    try {
      expect(db.backend).toBe('pglite');
      expect(db.target).toBe('pglite:memory');
      expect((await migrate(db)).applied).toEqual(['001-orders', '002-outbox', '004-outbox-parked']);
    } finally {
      await db.close();
    }
  });

  it('refuses URLs of other databases without echoing them', async () => {
    await expect(openDatabase({ url: 'mysql://root:hunter2@db/orders' })).rejects.toThrow(/unsupported database URL mysql:\/\/root:\*\*\*@db\/orders/);
  });

  it('redacts passwords in URLs', () => {
    expect(redactDatabaseUrl('postgres://app:s3cr%40t@db.example:5432/orders?sslmode=require&password=x')).toBe(
      'postgres://app:***@db.example:5432/orders?sslmode=require&password=***',
    );
    expect(redactDatabaseUrl('not a url with a password')).toBe('<unparseable database URL>');
  });
});
