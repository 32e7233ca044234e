import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkAlertmanagerInhibition } from './alertmanager-inhibition';
import { checkElasticsearchIndexCleanup } from './elasticsearch-index-cleanup';
import { checkDefaultDenyNetworkPolicy } from './default-deny-network-policy';
import { find, prodObjects, prodSpec, walletPod } from './fixtures';
import { checkPinnedImages } from './pinned-images';
import { policyChecks } from './policy-checks';
import type { PlainObject, PolicyCheck } from './problem';
import { checkProbes } from './probes';
import { checkProductionAvailability } from './production-availability';
import { checkResourceLimits } from './resource-limits';
import { checkRestrictedSecurityContext } from './restricted-security-context';
import { checkRouteWeights } from './route-weights';
import { checkScaledObjectTargets } from './scaled-object-targets';
import { checkServiceSelectsWorkload } from './service-selects-workload';
import { checkVirtualServiceDestinations } from './virtual-service-destinations';

// Each check passes on the rendered production platform and fails on a fixture that breaks exactly it.
const cases: { check: PolicyCheck; name: string; breakIt: (objects: PlainObject[]) => void; object: string; path: string }[] = [
  {
    check: checkRestrictedSecurityContext,
    name: 'a container that may escalate privileges',
    breakIt: (o) => (walletPod(o).containers[0].securityContext.allowPrivilegeEscalation = true),
    object: 'Deployment/personapass-prod/wallet-api',
    path: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
  },
  {
    check: checkResourceLimits,
    name: 'a CPU limit below its request',
    breakIt: (o) => (walletPod(o).containers[0].resources.limits.cpu = '100m'),
    object: 'Deployment/personapass-prod/wallet-api',
    path: 'spec.template.spec.containers[0].resources.limits.cpu',
  },
  {
    check: checkProbes,
    name: 'a container without a readiness probe',
    breakIt: (o) => delete walletPod(o).containers[0].readinessProbe,
    object: 'Deployment/personapass-prod/wallet-api',
    path: 'spec.template.spec.containers[0].readinessProbe',
  },
  {
    check: checkPinnedImages,
    name: 'a latest tag in production',
    breakIt: (o) => (walletPod(o).containers[0].image = 'registry.personapass.io/personapass/wallet-api:latest'),
    object: 'Deployment/personapass-prod/wallet-api',
    path: 'spec.template.spec.containers[0].image',
  },
  {
    check: checkProductionAvailability,
    name: 'a multi-replica production workload without host anti-affinity',
    breakIt: (o) => delete walletPod(o).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution,
    object: 'Deployment/personapass-prod/wallet-api',
    path: 'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution',
  },
  {
    check: checkProductionAvailability,
    name: 'a multi-replica production workload without a PodDisruptionBudget',
    breakIt: (o) => o.splice(o.indexOf(find(o, 'PodDisruptionBudget', 'wallet-api')), 1),
    object: 'Deployment/personapass-prod/wallet-api',
    path: 'spec.selector',
  },
  {
    check: checkDefaultDenyNetworkPolicy,
    name: 'a namespace without its default-deny policy',
    breakIt: (o) => o.splice(o.indexOf(find(o, 'NetworkPolicy', 'default-deny', 'personapass-prod-tracing')), 1),
    object: 'Namespace/personapass-prod-tracing',
    path: 'metadata.name',
  },
  {
    check: checkServiceSelectsWorkload,
    name: 'a Service whose selector matches no pods',
    breakIt: (o) => (find(o, 'Service', 'wallet-api').spec.selector['app.kubernetes.io/name'] = 'wallet-apj'),
    object: 'Service/personapass-prod/wallet-api',
    path: 'spec.selector',
  },
  {
    check: checkVirtualServiceDestinations,
    name: 'a route to a subset no DestinationRule defines',
    breakIt: (o) => (find(o, 'VirtualService', 'wallet-api').spec.http[0].route[1].destination.subset = 'blue'),
    object: 'VirtualService/personapass-prod/wallet-api',
    path: 'spec.http[0].route[1].destination.subset',
  },
  {
    check: checkVirtualServiceDestinations,
    name: 'a route to a host without a DestinationRule',
    breakIt: (o) => (find(o, 'VirtualService', 'public').spec.http[0].route[0].destination.host = 'nowhere.personapass-prod.svc.cluster.local'),
    object: 'VirtualService/personapass-prod/public',
    path: 'spec.http[0].route[0].destination.host',
  },
  {
    check: checkRouteWeights,
    name: 'route weights that add up to 90',
    breakIt: (o) => (find(o, 'VirtualService', 'identity-service').spec.http[0].route[0].weight = 90 - find(o, 'VirtualService', 'identity-service').spec.http[0].route[1].weight),
    object: 'VirtualService/personapass-prod/identity-service',
    path: 'spec.http[0].route',
  },
  {
    check: checkScaledObjectTargets,
    name: 'a ScaledObject aimed at a missing Deployment',
    breakIt: (o) => (find(o, 'ScaledObject', 'credential-worker').spec.scaleTargetRef.name = 'credential-wroker'),
    object: 'ScaledObject/personapass-prod/credential-worker',
    path: 'spec.scaleTargetRef.name',
  },
  {
    check: checkScaledObjectTargets,
    name: 'a ScaledObject with min above max',
    breakIt: (o) => (find(o, 'ScaledObject', 'wallet-api').spec.minReplicaCount = 50),
    object: 'ScaledObject/personapass-prod/wallet-api',
    path: 'spec.minReplicaCount',
  },
  {
    check: checkAlertmanagerInhibition,
    name: 'an inhibition comparing a label its alerts need not carry',
    breakIt: (o) => {
      const secret = find(o, 'Secret', 'alertmanager-personapass', 'personapass-prod-monitoring') as unknown as { stringData: Record<string, string> };
      const config = parse(secret.stringData['alertmanager.yaml']!);
      config.inhibit_rules[0].target_matchers = config.inhibit_rules[0].target_matchers.filter((m: string) => !m.endsWith('!=""'));
      secret.stringData['alertmanager.yaml'] = stringify(config);
    },
    object: 'Secret/personapass-prod-monitoring/alertmanager-personapass',
    path: 'stringData["alertmanager.yaml"].inhibit_rules[0].equal',
  },
  {
    check: checkElasticsearchIndexCleanup,
    name: 'Jaeger writing Elasticsearch indices that nothing deletes',
    breakIt: (o) => o.splice(o.indexOf(find(o, 'CronJob', 'jaeger-es-index-cleaner', 'personapass-prod-tracing')), 1),
    object: 'Deployment/personapass-prod-tracing/jaeger-collector',
    path: 'spec.template.spec.containers[0].env',
  },
];

describe('policy checks', () => {
  it('find nothing wrong with the rendered production platform', () => {
    const objects = prodObjects();
    expect(policyChecks.flatMap((check) => check(objects, { spec: prodSpec }))).toEqual([]);
  });

  it.each(cases)('$check.name reports $name', ({ check, breakIt, object, path }) => {
    const objects = prodObjects();
    expect(check(objects, { spec: prodSpec })).toEqual([]);
    breakIt(objects);
    const problems = check(objects, { spec: prodSpec });
    expect(problems).toContainEqual(expect.objectContaining({ object, path }));
  });
});
