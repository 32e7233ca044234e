import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf, serviceHost } from '../names';
import { publicHost, tierDefaults } from '../platform-defaults';
import { enabledServing, gatewayName, retryOn, servingComponents } from './mesh-components';

type Serving = (typeof servingComponents)[number];

function weightedRoute(spec: EnvironmentSpec, component: Serving) {
  const canary = tierDefaults[spec.tier].canaryWeightPercent;
  const host = serviceHost(component.name, namespacesOf(spec).app);
  return [
    { destination: { host, subset: 'stable', port: { number: 80 } }, weight: 100 - canary },
    { destination: { host, subset: 'canary', port: { number: 80 } }, weight: canary },
  ];
}

function resilience(component: Serving) {
  return { timeout: component.timeout, retries: { attempts: 2, perTryTimeout: component.perTryTimeout, retryOn } };
}

/** One VirtualService per service for traffic inside the mesh, and one for the public host that
 *  routes by path prefix. Both carry the same timeouts, retries and canary weights. */
export function renderVirtualServices(spec: EnvironmentSpec): KubeObject[] {
  const namespace = namespacesOf(spec).app;
  const serving = enabledServing(spec);
  if (serving.length === 0) return [];
  const internal = serving.map(
    (component) =>
      new VirtualService({
        metadata: { name: component.name, namespace, labels: commonLabels(spec, component.name) },
        spec: {
          hosts: [serviceHost(component.name, namespace)],
          gateways: ['mesh'],
          http: [{ name: 'default', route: weightedRoute(spec, component), ...resilience(component) }],
        },
      }),
  );
  const publicRoutes = new VirtualService({
    metadata: { name: 'public', namespace, labels: commonLabels(spec, 'public') },
    spec: {
      hosts: [publicHost(spec.name)],
      gateways: [`${namespace}/${gatewayName}`],
      http: serving.map((component) => ({
        name: component.name,
        match: component.publicPrefixes.map((prefix) => ({ uri: { prefix } })),
        route: weightedRoute(spec, component),
        ...resilience(component),
      })),
    },
  });
  return [...internal, publicRoutes];
}
