import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { Unavailable } from '@/lib/core/errors';
import { childToolEnv } from '@/lib/env';

// pg_dump, pg_restore and psql from Debian's postgresql packages. A dump needs a pg_dump at least
// as new as the server, so the binaries of the server's own major version are preferred
// (/usr/lib/postgresql/MAJOR/bin, where Debian installs each version side by side), then PATH.
// The password never appears on a command line (where `ps` shows it): it goes in PGPASSWORD.

const run = promisify(execFile);

export type ToolName = 'pg_dump' | 'pg_restore' | 'psql';

/** The connection URL without its password, and the environment that carries the password. */
export function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  // NodeJS.ProcessEnv is typed with NODE_ENV required (Next); a tool needs none of it.
  return { dbname: parsed.toString(), env: childToolEnv({ PGCONNECT_TIMEOUT: '10', ...(password ? { PGPASSWORD: password } : {}) }) as unknown as NodeJS.ProcessEnv };
}

export async function serverFacts(url: string): Promise<{ major: number; version: string; migration: string | null; tables: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version.split(' ')[0]!;
    const major = Number((await client.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]!.server_version_num.slice(0, -4));
    const ledger = await client.query<{ present: boolean }>("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present");
    const migration = ledger.rows[0]!.present
      ? ((await client.query<{ name: string }>('SELECT max(migration_name) AS name FROM public."_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')).rows[0]?.name ?? null)
      : null;
    const tables = Number((await client.query<{ count: string }>("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')")).rows[0]!.count);
    return { major, version, migration, tables };
  } finally {
    await client.end();
  }
}

/** The tool for a server of this major version: its own version's, or a newer one on PATH. */
export async function findTool(name: ToolName, serverMajor: number): Promise<string> {
  const own = `/usr/lib/postgresql/${serverMajor}/bin/${name}`;
  if (await access(own).then(() => true, () => false)) return own;
  const found = await run(name, ['--version']).catch(() => null);
  if (!found) throw new Unavailable(`${name} is not installed: install Debian's postgresql-client-${serverMajor} (or postgresql) package`);
  const major = Number(/(\d+)(\.\d+)?/.exec(found.stdout)?.[1]);
  if (!(major >= serverMajor)) throw new Unavailable(`${name} ${major} is older than the PostgreSQL ${serverMajor} server: install postgresql-client-${serverMajor}`);
  return name;
}

/** Streams a child's stdout; throws, with the end of its stderr, when it exits with an error. */
export async function* childOutput(child: ChildProcess, what: string): AsyncGenerator<Buffer> {
  const stderr: Buffer[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  try {
    for await (const chunk of child.stdout!) yield chunk as Buffer;
    const code = await exited;
    if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${Buffer.concat(stderr).toString('utf8').trim().slice(-2000)}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

export { spawn };
