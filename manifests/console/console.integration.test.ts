// The console's own render on the testbed, as its cluster administrator installs it: every object
// of the three waves passes a server-side dry-run, and its pods (the Deployment's and the migration
// Job's) pass the restricted Pod Security Standard, which refuses a copy that may escalate.
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { kubeServerDryRun } from '@/lib/adapters/kubernetes/kube-server-apply';
import { consoleRbacObjects } from '@/scripts/manifests/console-rbac-objects';
import { adminKubeConfig, createTestNamespace } from '@/scripts/stack/test-support';
import { checkWithServerDryRun } from '../validate/server-dry-run';
import type { PlainObject as ValidatedObject } from '../validate/problem';
import { consoleOptionsSchema } from './console-options';
import { renderConsole } from './render-console';

const kc = adminKubeConfig();
const options = consoleOptionsSchema.parse({
  image: 'registry.personapass.io/personapass/console:1.4.0',
  publicUrl: 'https://console.example.com',
  oidcIssuer: 'https://id.example.com',
  replicas: 3,
  egress: { postgres: { cidrs: ['10.0.4.0/24'] }, oidcIssuer: { cidrs: ['203.0.113.0/24'] }, kubeApi: { cidrs: ['10.0.0.0/28'], port: 6443 } },
});
const waves = renderConsole(options, { rbac: consoleRbacObjects() });
const objects = waves.flatMap((wave) => wave.objects) as unknown as ValidatedObject[];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('the console rendered for Kubernetes, on the testbed', () => {
  it('passes a server-side dry-run of every object of its three waves', async () => {
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'Job', 'PodDisruptionBudget', 'NetworkPolicy', 'Service', 'ConfigMap', 'ServiceAccount']));
    // The namespace exists (console-rbac.yaml, installed with the testbed): no object is passed over as
    // waiting for a namespace the render would create.
    await kc.makeApiClient(CoreV1Api).readNamespace({ name: 'personapass-system' });
    expect(await checkWithServerDryRun(objects, kubeServerDryRun(kc))).toEqual([]);
  });

  it('runs pods that restricted Pod Security admits, and that namespace refuses a copy that may escalate', async () => {
    const enforce = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' };
    expect(objects.find((o) => o.kind === 'Namespace')?.metadata.labels).toMatchObject(enforce);
    // A namespace of the test's own, so nothing is created where other helpers work; pod admission
    // looks up the ServiceAccount, so the pods run as its default one here.
    const namespace = await createTestNamespace(kc, 'console-pods', enforce);
    cleanups.push(namespace.cleanup);
    const core = kc.makeApiClient(CoreV1Api);
    const templates = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job').map((o) => (o as any).spec.template);
    expect(templates).toHaveLength(2);
    for (const [i, template] of templates.entries()) {
      await core.createNamespacedPod({ namespace: namespace.name, dryRun: 'All', body: { metadata: { name: `console-${i}`, labels: template.metadata.labels }, spec: { ...template.spec, serviceAccountName: 'default' } } });
    }
    const escalating = structuredClone((objects.find((o) => o.kind === 'Deployment') as any).spec.template.spec);
    escalating.containers[1].securityContext.allowPrivilegeEscalation = true;
    await expect(core.createNamespacedPod({ namespace: namespace.name, dryRun: 'All', body: { metadata: { name: 'escalating' }, spec: { ...escalating, serviceAccountName: 'default' } } })).rejects.toThrow(
      /violates PodSecurity .{0,4}restricted/,
    );
  });
});
