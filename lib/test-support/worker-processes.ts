import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';
import { testKeys } from './test-deps';

// Deploy workers as the operator runs them (npm run worker): separate processes on the run's
// database, with the test's credential key so they open the clusters the test registered.

export type WorkerProcess = { name: string; child: ChildProcess; output: () => string; exited: Promise<number | null> };

export function startWorker(name: string, settings: Record<string, string> = {}): WorkerProcess {
  // Node itself with tsx's loader (not the tsx launcher), so a signal reaches the worker and not a wrapper.
  const child = spawn(path.resolve('node_modules/.bin/node'), ['--import', 'tsx', 'scripts/worker.ts'], {
    env: {
      NODE_ENV: 'test',
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: inject('databaseUrl'),
      NEXTAUTH_URL: 'http://127.0.0.1:3999',
      NEXTAUTH_SECRET: 'x'.repeat(40),
      OIDC_ISSUER: 'http://127.0.0.1:55480',
      OIDC_CLIENT_ID: 'personapass-console',
      OIDC_CLIENT_SECRET: 'worker-test',
      CREDENTIAL_KEYS: `k1:${testKeys.k1.toString('base64')}`,
      CREDENTIAL_ACTIVE_KEY_ID: 'k1',
      PERSONAPASS_WORKER_NAME: name,
      DEPLOY_RUN_LEASE_SECONDS: '3',
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { stdout: NodeJS.ReadableStream; stderr: NodeJS.ReadableStream };
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { name, child, output: () => output, exited };
}

export async function stopWorker(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill(signal);
  await worker.exited;
}
