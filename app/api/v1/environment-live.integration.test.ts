// GET /environments/{name}/live end to end through its route handler, against the testbed: a
// viewer's stream starts with a snapshot of the environment's namespaces, a pod created there
// arrives as a change, and a reconnect with Last-Event-ID resumes with what it missed instead of
// a new snapshot; a client that falls too far behind has its stream ended and resumes the same way.
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { openLiveStream, type LiveEvent } from '@/lib/test-support/live-stream';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { unique } from '@/lib/test-support/test-deps';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { adminKubeConfig, waitFor } from '@/scripts/stack/test-support';
import * as environmentsRoute from './environments/route';

const name = unique('live');
const namespace = `personapass-${name}`;
const core = adminKubeConfig().makeApiClient(CoreV1Api);
let viewer: Awaited<ReturnType<typeof tokenFor>>;
let revoke: () => Promise<void> = async () => undefined;

const pod = (podName: string) => ({
  metadata: { name: podName },
  spec: {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'example.invalid/app:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  },
});

const open = (headers: Record<string, string> = {}) => openLiveStream(name, viewer.token, headers);

beforeAll(async () => {
  configureRouteEnv();
  const cluster = unique('live-testbed');
  await registerTestbedAs(getDeps(), cluster);
  ({ revoke } = await grantTestbedNamespaces(name, namespace));
  await waitFor(`default ServiceAccount in ${namespace}`, () => core.readNamespacedServiceAccount({ name: 'default', namespace }).catch(() => undefined));
  const admin = await tokenFor('admin');
  viewer = await tokenFor('viewer');
  const created = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: admin.token, body: { spec: { ...starterSpec(name, 'development'), cluster } } });
  expect(created.status).toBe(201);
}, 60_000);
afterAll(() => revoke(), 60_000);

describe('GET /environments/{name}/live', () => {
  it('a snapshot, then a pod created in the environment arrives; a reconnect with Last-Event-ID resumes', async () => {
    const first = await open();
    await first.until((events) => events.some((event) => event.data.type === 'snapshot'));
    expect(first.events[0]!.data.type).toBe('snapshot');
    const podName = unique('live-pod');
    await core.createNamespacedPod({ namespace, body: pod(podName) });
    const isPod = (event: LiveEvent) => event.data.type === 'upsert' && event.data.object?.kind === 'Pod' && event.data.object.metadata.name === podName;
    await first.until((events) => events.some(isPod));
    const lastSeen = first.events.at(-1)!.id;
    await first.close();

    await core.deleteNamespacedPod({ namespace, name: podName, gracePeriodSeconds: 0 });
    const resumed = await open({ 'last-event-id': lastSeen });
    await resumed.until((events) => events.some((event) => event.data.type === 'delete' && event.data.object?.metadata.name === podName));
    console.log('resumed stream:', resumed.events.map((event) => `${event.id} ${event.data.type}`).join(', '));
    expect(resumed.events.map((event) => event.data.type)).not.toContain('snapshot');
    await resumed.close();

    const fresh = await open({ 'last-event-id': '00000000.1' });
    await fresh.until((events) => events.length > 0);
    expect(fresh.events[0]!.data.type).toBe('snapshot');
    await fresh.close();
  }, 60_000);

  it('ends the stream of a client that falls too far behind; its reconnect resumes where it stopped', async () => {
    const { timing } = getDeps().live;
    const maxUnsentChanges = timing.maxUnsentChanges;
    // Any change waiting unsent is too many: the first one ends the stream.
    timing.maxUnsentChanges = 0;
    try {
      const behind = await open();
      await behind.until((events) => events.some((event) => event.data.type === 'snapshot'));
      const lastSeen = behind.events.at(-1)!.id;
      const podName = unique('behind-pod');
      await core.createNamespacedPod({ namespace, body: pod(podName) });
      expect(await behind.ended()).toBe(true);
      expect(behind.events.map((event) => event.data.type)).toEqual(['snapshot']);
      timing.maxUnsentChanges = maxUnsentChanges;

      const resumed = await open({ 'last-event-id': lastSeen });
      await resumed.until((events) => events.some((event) => event.data.type === 'upsert' && event.data.object?.metadata.name === podName));
      expect(resumed.events.map((event) => event.data.type)).not.toContain('snapshot');
      await resumed.close();
      await core.deleteNamespacedPod({ namespace, name: podName, gracePeriodSeconds: 0 });
    } finally {
      timing.maxUnsentChanges = maxUnsentChanges;
    }
  }, 60_000);
});
