import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';

/** The namespaces of one environment (lib/core owns the rule: they are its deploy targets). */
export const namespacesOf = (spec: EnvironmentSpec) => platformNamespaces(spec);

export type PlatformNamespaces = ReturnType<typeof namespacesOf>;

/** Labels every object carries, so the console can find what it rendered. */
export function commonLabels(spec: EnvironmentSpec, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/instance': `${component}-${spec.name}`,
    'app.kubernetes.io/part-of': 'personapass',
    'app.kubernetes.io/managed-by': 'personapass-console',
    'personapass.dev/environment': spec.name,
  };
}

/** The immutable subset used in selectors (a Deployment's selector can never change). */
export function selectorLabels(spec: EnvironmentSpec, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': component, 'app.kubernetes.io/instance': `${component}-${spec.name}` };
}

/** Every pod of a component in its environment, whatever its track (stable or canary): for what
 *  applies to the component as a whole (its Service, mesh policies, rate limit). Never a
 *  Deployment's selector, which must keep to its own pods. */
export function componentPodLabels(spec: EnvironmentSpec, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': component, 'personapass.dev/environment': spec.name };
}

export const ports = { http: 8080, metrics: 9090, redis: 6379, redisMetrics: 9121, otlpGrpc: 4317, otlpHttp: 4318, jaegerQuery: 16686, jaegerAdmin: 14269, envoyStats: 15090, istioAgent: 15020, grafana: 3000 };

export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}
