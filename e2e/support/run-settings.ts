import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Settings shared by the Playwright config, globalSetup, the web server and the fixtures. The
// database name is chosen once by the runner when it loads the config; workers inherit it through
// the environment, so every process of one run talks to the same fresh database.

export const repoDir = path.resolve(import.meta.dirname, '../..');
export const e2ePort = Number(process.env.PP_E2E_PORT ?? 3210);
export const e2eBaseUrl = `http://127.0.0.1:${e2ePort}`;
/** The console's own metrics listener (METRICS_PORT, loopback) in e2e runs: beside the console's port, derived from it. */
export const e2eMetricsPort = Number(process.env.PP_E2E_METRICS_PORT ?? e2ePort + 20_000);

process.env.PP_E2E_DATABASE_NAME ??= `personapass_e2e_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
export const e2eDatabaseName = process.env.PP_E2E_DATABASE_NAME;

/** The console's environment for this run (scripts/local-env.sh), pointed at the run's database. */
export function consoleEnv(): Record<string, string> {
  const output = execFileSync('bash', [path.join(repoDir, 'scripts/local-env.sh')], {
    env: { ...process.env, PP_DATABASE_NAME: e2eDatabaseName, NEXTAUTH_URL: e2eBaseUrl },
    encoding: 'utf8',
  });
  return Object.fromEntries(
    output
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

export function e2eDatabaseUrl(): string {
  const url = consoleEnv().DATABASE_URL;
  if (!url) throw new Error('scripts/local-env.sh printed no DATABASE_URL');
  return url;
}
