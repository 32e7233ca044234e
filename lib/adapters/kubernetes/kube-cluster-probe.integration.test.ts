// The connection test against the real testbed API server, as the console's ServiceAccount, and
// against what goes wrong in practice: a CA that is not the server's, a closed port, a silent
// server, a refused token. Every failure is a domain error with a field path, never a stack trace.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { AccessCheck } from '@/lib/core/clusters/connection-test';
import { testbedCluster, testbedPem } from '@/lib/test-support/testbed-cluster';
import { KubeClusterProbe, probeDeadlineMs } from './kube-cluster-probe';

const testbed = testbedCluster('testbed');
const probe = new KubeClusterProbe(3_000);
const checks: AccessCheck[] = [
  { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'personapass-dev', why: 'deploy' },
  { verb: 'patch', group: '', resource: 'namespaces', name: 'personapass-dev', why: 'label' },
  { verb: 'patch', group: '', resource: 'namespaces', name: 'kube-system', why: 'must not' },
  { verb: 'list', group: '', resource: 'secrets', why: 'must not' },
];
const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

async function listen(onConnection: (socket: import('node:net').Socket) => void = () => undefined): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('KubeClusterProbe against the testbed', () => {
  it("names the console's ServiceAccount and answers each check as RBAC decides", async () => {
    const answer = await probe.probe(testbed, checks);
    expect(answer.identity.username).toBe('system:serviceaccount:personapass-system:personapass-console');
    expect(answer.identity.groups).toEqual(expect.arrayContaining(['system:serviceaccounts', 'system:authenticated']));
    expect(answer.serverVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(answer.answers.map((a) => [a.verb, a.resource, a.name ?? a.namespace ?? '*', a.allowed])).toEqual([
      ['patch', 'deployments', 'personapass-dev', true],
      ['patch', 'namespaces', 'personapass-dev', true],
      ['patch', 'namespaces', 'kube-system', false],
      ['list', 'secrets', '*', false],
    ]);
  });

  it('works with a client certificate too', async () => {
    const answer = await probe.probe({ ...testbed, credential: { kind: 'client-certificate', certificate: testbedPem('admin.crt'), key: testbedPem('admin.key') } }, []);
    expect(answer.identity.groups).toContain('system:masters');
  });

  it('refuses a CA that did not sign the server certificate: 400 on caBundle', async () => {
    await expect(probe.probe({ ...testbed, caBundle: testbedPem('admin.crt') }, checks)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(`the API server of cluster testbed at ${testbed.apiServerUrl} presented a certificate the CA bundle does not trust`),
      issues: [{ path: 'caBundle', message: expect.stringContaining("does not verify the server's certificate") }],
    });
  });

  it('refuses an unreadable CA before connecting: 400 on caBundle', async () => {
    await expect(probe.probe({ ...testbed, caBundle: '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----' }, checks)).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'caBundle', message: 'not a readable PEM certificate' }],
    });
  });

  it('refuses a token the API server does not accept: 400 on credential', async () => {
    await expect(probe.probe({ ...testbed, credential: { kind: 'token', token: 'not-a-real-token-at-all' } }, checks)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('refused the credential (401 Unauthorized)'),
      issues: [{ path: 'credential', message: expect.any(String) }],
    });
  });

  it('reports a closed port as unavailable, naming the cluster and URL', async () => {
    const port = await listen();
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const apiServerUrl = `https://127.0.0.1:${port}`;
    await expect(probe.probe({ ...testbed, apiServerUrl }, checks)).rejects.toMatchObject({
      code: 'unavailable',
      message: `cluster testbed at ${apiServerUrl} is unreachable (ECONNREFUSED)`,
    });
  });

  it('gives up on a server that never answers after its short timeout', async () => {
    const apiServerUrl = `https://127.0.0.1:${await listen()}`;
    const started = Date.now();
    const deadline = probeDeadlineMs(500, checks.length, 8);
    await expect(new KubeClusterProbe(500).probe({ ...testbed, apiServerUrl }, checks)).rejects.toMatchObject({
      code: 'unavailable',
      message: `cluster testbed at ${apiServerUrl} did not answer within ${deadline / 1000}s`,
    });
    expect(Date.now() - started).toBeLessThan(deadline + 1_500);
  });
});
