import { componentNames, servingComponentNames, type ComponentName, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import type { Caller } from '@/lib/core/troubleshoot/network-findings';
import { ports } from '@/manifests/names';
import { clusterServices } from '@/manifests/platform-defaults';

// Who must reach each component, as the platform's render wires them (manifests/network-policies.ts):
// the ingress gateway for the serving components, wallet-api and the worker for identity-service,
// and the environment's Prometheus for every component when monitoring is on.

export function componentCallers(spec: EnvironmentSpec, component: ComponentName): Caller[] {
  const app = platformNamespaces(spec).app;
  const enabled = (name: ComponentName) => spec.components[name].enabled;
  const callers: Caller[] = [];
  if ((servingComponentNames as readonly ComponentName[]).includes(component)) {
    const gateway = clusterServices.ingressGateway;
    callers.push({ name: 'the ingress gateway', namespace: gateway.namespace, podLabels: gateway.labels, port: ports.http });
  }
  if (component === 'identity-service') {
    for (const name of componentNames.filter((n) => n !== 'identity-service' && enabled(n))) {
      callers.push({ name, namespace: app, podLabels: { 'app.kubernetes.io/name': name }, port: ports.http });
    }
  }
  if (spec.toggles.monitoring) {
    callers.push({ name: "the environment's Prometheus", namespace: platformNamespaces(spec).monitoring, podLabels: { 'app.kubernetes.io/name': 'prometheus' }, port: ports.metrics });
  }
  return callers;
}
