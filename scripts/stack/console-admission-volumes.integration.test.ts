// A generic ephemeral volume has the ephemeral-volume controller write a claim from a template the
// console wrote, past the claims policy (volumeName, selector, dataSource): refused. So is a console
// pod running as the Prometheus ServiceAccount, which the grant gives reads the console lacks.
// Server-side dry-runs as the console's ServiceAccount.
import { type KubernetesObject, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { consoleKubeConfig, expectRefusal, uniqueName } from './test-support';

const objects = KubernetesObjectApi.makeApiClient(consoleKubeConfig());
const dryRunApply = (body: object) => objects.patch(body as KubernetesObject, undefined, 'All', 'personapass-console', true, PatchStrategy.ServerSideApply);
const ns = 'personapass-dev';
const image = 'registry.personapass.io/personapass/credential-worker:1.2.5';
const claimTemplate = (extra: object) => ({ spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'admin-local', resources: { requests: { storage: '1Gi' } }, ...extra } });

const deployment = (namespace: string, pod: object) => {
  const name = uniqueName('verify');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{ name: 'c', image, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
          ...pod,
        },
      },
    },
  };
};

async function expectRefused(body: object) {
  const status = await expectRefusal(() => dryRunApply(body));
  expect(status.code).toBe(403);
}

describe('generic ephemeral volumes', () => {
  it.each([
    ['volumeName', { volumeName: 'an-admins-hostpath-pv' }],
    ['selector', { selector: { matchLabels: { team: 'payments' } } }],
    ['dataSource', { dataSource: { kind: 'PersistentVolumeClaim', name: 'another-claim' } }],
  ])('refuses a Deployment whose ephemeral volume template sets %s', async (_field, extra) => {
    await expectRefused(deployment(ns, { volumes: [{ name: 'v', ephemeral: { volumeClaimTemplate: claimTemplate(extra) } }] }));
  });

  it('refuses a Prometheus whose storage.ephemeral claim names a PersistentVolume', async () => {
    await expectRefused({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'personapass', namespace: `${ns}-monitoring` },
      spec: { serviceAccountName: 'prometheus', storage: { ephemeral: { volumeClaimTemplate: claimTemplate({ volumeName: 'an-admins-hostpath-pv' }) } } },
    });
  });
});

// Low: the grant gives the environment's Prometheus ServiceAccount cluster-scoped reads (nodes,
// nodes/metrics, /metrics) and reads in kube-system, keda and istio-system that the console itself does not have.
// A Deployment of the console may run as that ServiceAccount (serviceAccountName is not checked),
// and its container (the redis image has a shell) can print the projected token to pods/log.
describe('delegation to the Prometheus ServiceAccount', () => {
  it('refuses a console Deployment that runs as the ServiceAccount prometheus', async () => {
    await expectRefused(deployment(`${ns}-monitoring`, { serviceAccountName: 'prometheus' }));
  });
});
