import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { testbedCluster } from './testbed-cluster';

// A real cluster is registered once (its kube-system Namespace UID is unique among clusters), and
// the integration test files share one database per run. A file that registers the testbed calls
// holdTestbed() at its top: from beforeAll to afterAll it holds a Postgres advisory lock, so such
// files take turns, and it removes the testbed's earlier registrations; forget() removes them again
// before a test registers it afresh.

const lockKey = "hashtext('personapass-test:testbed-registration')";

/** The testbed's identity, read as the connection test reads it. */
export async function testbedUid(): Promise<string> {
  const { apiServerUrl, caBundle, credential } = testbedCluster('testbed');
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser({ name: 'testbed', server: apiServerUrl, caData: Buffer.from(caBundle).toString('base64'), skipTLSVerify: false }, { name: 'console', token: credential.kind === 'token' ? credential.token : '' });
  const namespace = await kc.makeApiClient(CoreV1Api).readNamespace({ name: 'kube-system' });
  return namespace.metadata!.uid!;
}

export function holdTestbed(): { forget: () => Promise<void> } {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  let uid = '';
  const forget = async () => {
    await client.query('DELETE FROM clusters WHERE cluster_uid = $1', [uid]);
  };
  beforeAll(async () => {
    await client.connect();
    await client.query(`SELECT pg_advisory_lock(${lockKey})`);
    uid = await testbedUid();
    await forget();
  }, 600_000);
  afterAll(async () => {
    await client.query(`SELECT pg_advisory_unlock(${lockKey})`).catch(() => undefined);
    await client.end();
  });
  return { forget };
}
