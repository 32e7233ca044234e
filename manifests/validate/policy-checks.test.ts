import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkAlertmanagerInhibition } from './alertmanager-inhibition';
import { checkElasticsearchIndexCleanup } from './elasticsearch-index-cleanup';
import { checkDefaultDenyNetworkPolicy } from './default-deny-network-policy';
import { checkDisruptionBudgets } from './disruption-budgets';
import { checkExternalDependencies } from './external-dependencies';
import { checkGatewayTlsSecret } from './gateway-tls-secret';
import { checkJwtAuthentication } from './jwt-authentication';
import { find, prodObjects, prodSpec, walletPod } from './fixtures';
import { checkNodeCapacity } from './node-capacity';
import { checkPinnedImages } from './pinned-images';
import { policyChecks } from './policy-checks';
import type { PlainObject, PolicyCheck } from './problem';
import { checkProbes } from './probes';
import { checkProductionAvailability } from './production-availability';
import { checkRedisMemory } from './redis-memory';
import { checkResourceLimits } from './resource-limits';
import { checkRestrictedSecurityContext } from './restricted-security-context';
import { checkRouteWeights } from './route-weights';
import { checkScaledObjectTargets } from './scaled-object-targets';
import { checkServiceSelectsWorkload } from './service-selects-workload';
import { checkVirtualServiceDestinations } from './virtual-service-destinations';

const identityConfig = (o: PlainObject[]) => find(o, 'ConfigMap', 'identity-service-config').data as Record<string, string>;

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
    check: checkRedisMemory,
    name: 'a Redis without --maxmemory',
    breakIt: (o) => {
      const args: string[] = find(o, 'Deployment', 'redis').spec.template.spec.containers[0].args;
      args.splice(args.indexOf('--maxmemory'), 2);
    },
    object: 'Deployment/personapass-prod/redis',
    path: 'spec.template.spec.containers[0].args',
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
    check: checkDisruptionBudgets,
    name: 'a disruption budget that keeps 66% of 2 replicas (all of them)',
    breakIt: (o) => {
      const { spec } = find(o, 'PodDisruptionBudget', 'jaeger-query', 'personapass-prod-tracing');
      delete spec.maxUnavailable;
      spec.minAvailable = '66%';
    },
    object: 'PodDisruptionBudget/personapass-prod-tracing/jaeger-query',
    path: 'spec.minAvailable',
  },
  {
    check: checkNodeCapacity,
    name: 'an autoscaling ceiling of 20 on 5 nodes under required host anti-affinity',
    breakIt: (o) => (find(o, 'ScaledObject', 'wallet-api').spec.maxReplicaCount = 20),
    object: 'ScaledObject/personapass-prod/wallet-api',
    path: 'spec.maxReplicaCount',
  },
  {
    check: checkDefaultDenyNetworkPolicy,
    name: 'a namespace without its default-deny policy',
    breakIt: (o) => o.splice(o.indexOf(find(o, 'NetworkPolicy', 'default-deny', 'personapass-prod-tracing')), 1),
    object: 'Namespace/personapass-prod-tracing',
    path: 'metadata.name',
  },
  {
    check: checkExternalDependencies,
    name: 'a declared database without its egress policy',
    breakIt: (o) => o.splice(o.indexOf(find(o, 'NetworkPolicy', 'allow-wallet-api-to-database')), 1),
    object: 'Deployment/personapass-prod/wallet-api',
    path: 'spec.template.metadata.labels',
  },
  {
    check: checkExternalDependencies,
    name: 'an egress policy to the database on the wrong port',
    breakIt: (o) => (find(o, 'NetworkPolicy', 'allow-identity-service-to-database').spec.egress[0].ports[0].port = 5433),
    object: 'Deployment/personapass-prod/identity-service',
    path: 'spec.template.metadata.labels',
  },
  {
    check: checkExternalDependencies,
    name: 'an egress policy opening more than the declared dependencies',
    breakIt: (o) => find(o, 'NetworkPolicy', 'allow-wallet-api-to-database').spec.egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] }),
    object: 'NetworkPolicy/personapass-prod/allow-wallet-api-to-database',
    path: 'spec.egress[1].to[0].ipBlock',
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
    breakIt: (o) => (find(o, 'VirtualService', 'wallet-api').spec.http[0].route[0].destination.subset = 'blue'),
    object: 'VirtualService/personapass-prod/wallet-api',
    path: 'spec.http[0].route[0].destination.subset',
  },
  {
    check: checkVirtualServiceDestinations,
    name: 'a route to a host without a DestinationRule',
    breakIt: (o) => (find(o, 'VirtualService', 'public').spec.http[0].route[0].destination.host = 'nowhere.personapass-prod.svc.cluster.local'),
    object: 'VirtualService/personapass-prod/public',
    path: 'spec.http[0].route[0].destination.host',
  },
  {
    check: checkGatewayTlsSecret,
    name: 'a TLS Secret said to be beside the Gateway, where Istio does not look',
    breakIt: (o) => (find(o, 'Gateway', 'personapass-gateway').metadata.annotations!['personapass.dev/tls-secret'] = 'personapass-prod/personapass-prod-tls'),
    object: 'Gateway/personapass-prod/personapass-gateway',
    path: 'metadata.annotations["personapass.dev/tls-secret"]',
  },
  {
    check: checkGatewayTlsSecret,
    name: 'a credentialName in another namespace, which Istio drops',
    breakIt: (o) => (find(o, 'Gateway', 'personapass-gateway').spec.servers[0].tls.credentialName = 'personapass-prod/personapass-prod-tls'),
    object: 'Gateway/personapass-prod/personapass-gateway',
    path: 'spec.servers[0].tls.credentialName',
  },
  {
    check: checkGatewayTlsSecret,
    name: 'another environment’s certificate at the shared gateway',
    breakIt: (o) => (find(o, 'Gateway', 'personapass-gateway').spec.servers[0].tls.credentialName = 'personapass-staging-tls'),
    object: 'Gateway/personapass-prod/personapass-gateway',
    path: 'spec.servers[0].tls.credentialName',
  },
  {
    check: checkGatewayTlsSecret,
    name: 'a Gateway selecting a gateway the platform does not know',
    breakIt: (o) => (find(o, 'Gateway', 'personapass-gateway').spec.selector = { istio: 'prod-gateway' }),
    object: 'Gateway/personapass-prod/personapass-gateway',
    path: 'spec.selector',
  },
  {
    check: checkJwtAuthentication,
    name: 'wallet-api without its RequestAuthentication',
    breakIt: (o) => o.splice(o.indexOf(find(o, 'RequestAuthentication', 'wallet-api-jwt')), 1),
    object: 'Deployment/personapass-prod/wallet-api',
    path: 'spec.template.metadata.labels',
  },
  {
    check: checkJwtAuthentication,
    name: 'a RequestAuthentication trusting another issuer',
    breakIt: (o) => (find(o, 'RequestAuthentication', 'wallet-api-jwt').spec.jwtRules[0].issuer = 'https://accounts.example.com'),
    object: 'Deployment/personapass-prod/wallet-api',
    path: 'spec.template.metadata.labels',
  },
  {
    check: checkJwtAuthentication,
    name: 'wallet-api open to the gateway without a token',
    breakIt: (o) => delete find(o, 'AuthorizationPolicy', 'wallet-api-allow').spec.rules[0].from[0].source.requestPrincipals,
    object: 'AuthorizationPolicy/personapass-prod/wallet-api-allow',
    path: 'spec.rules[0].from[0].source.requestPrincipals',
  },
  {
    check: checkJwtAuthentication,
    name: 'an issuer whose discovery document no public route serves',
    breakIt: (o) => (find(o, 'VirtualService', 'public').spec.http[0].match = [{ uri: { prefix: '/identity/' } }]),
    object: 'ConfigMap/personapass-prod/identity-service-config',
    path: 'data.OIDC_ISSUER',
  },
  // istiod fetches the keys at the discovery document's jwks_uri through the public host too.
  {
    check: checkJwtAuthentication,
    name: 'a jwks_uri on a path no public route serves',
    breakIt: (o) => (identityConfig(o).OIDC_JWKS_URI = 'https://prod.api.personapass.io/oauth/jwks'),
    object: 'ConfigMap/personapass-prod/identity-service-config',
    path: 'data.OIDC_JWKS_URI',
  },
  {
    check: checkJwtAuthentication,
    name: 'a jwks_uri that the public routes send to wallet-api',
    breakIt: (o) => (identityConfig(o).OIDC_JWKS_URI = 'https://prod.api.personapass.io/wallet/keys'),
    object: 'ConfigMap/personapass-prod/identity-service-config',
    path: 'data.OIDC_JWKS_URI',
  },
  {
    check: checkJwtAuthentication,
    name: 'a jwks_uri captured by an earlier route than identity-service’s',
    breakIt: (o) => {
      const http = find(o, 'VirtualService', 'public').spec.http;
      http.unshift({ ...http[1], name: 'wallet-api-keys', match: [{ uri: { exact: '/.well-known/jwks.json' } }] });
    },
    object: 'ConfigMap/personapass-prod/identity-service-config',
    path: 'data.OIDC_JWKS_URI',
  },
  {
    check: checkJwtAuthentication,
    name: 'identity-service not told its jwks_uri',
    breakIt: (o) => delete identityConfig(o).OIDC_JWKS_URI,
    object: 'ConfigMap/personapass-prod/identity-service-config',
    path: 'data.OIDC_JWKS_URI',
  },
  {
    check: checkRouteWeights,
    name: 'route weights that add up to 90',
    breakIt: (o) => (find(o, 'VirtualService', 'identity-service').spec.http[0].route[0].weight = 90),
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

  it('external-dependencies reports a component that reads a database URL but declares no database', () => {
    const spec = structuredClone(prodSpec);
    spec.components['identity-service'].dependencies = [];
    expect(checkExternalDependencies(prodObjects(), { spec })).toContainEqual(
      expect.objectContaining({
        object: 'Deployment/personapass-prod/identity-service',
        path: 'spec.template.spec.containers[0].env[1]',
        message: expect.stringMatching(/reads DATABASE_URL but declares no dependency named database/),
      }),
    );
  });

  it.each(cases)('$check.name reports $name', ({ check, breakIt, object, path }) => {
    const objects = prodObjects();
    expect(check(objects, { spec: prodSpec })).toEqual([]);
    breakIt(objects);
    const problems = check(objects, { spec: prodSpec });
    expect(problems).toContainEqual(expect.objectContaining({ object, path }));
  });
});
