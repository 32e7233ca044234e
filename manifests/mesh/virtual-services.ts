import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf, serviceHost } from '../names';
import { publicHost } from '../platform-defaults';
import { enabledServing, gatewayName, retryOn, servingComponents } from './mesh-components';

type Serving = (typeof servingComponents)[number];

const destination = (spec: EnvironmentSpec, component: Serving, subset: 'stable' | 'canary') => ({
  host: serviceHost(component.name, namespacesOf(spec).app),
  subset,
  port: { number: 80 },
});

/** Stable alone without a canary (no weight ever meets an empty subset); with one, the spec's split. */
function weightedRoute(spec: EnvironmentSpec, component: Serving) {
  const canary = spec.components[component.name].canary;
  if (!canary) return [{ destination: destination(spec, component, 'stable'), weight: 100 }];
  return [
    { destination: destination(spec, component, 'stable'), weight: 100 - canary.weightPercent },
    { destination: destination(spec, component, 'canary'), weight: canary.weightPercent },
  ];
}

/** A/B: the requests that carry the canary's header (exact value) go to the canary, whatever the
 *  weights; listed before the weighted route, as Istio takes the first route that matches. */
function headerMatch(spec: EnvironmentSpec, component: Serving): Record<string, { exact: string }> | undefined {
  const header = spec.components[component.name].canary?.header;
  return header ? { [header.name]: { exact: header.value } } : undefined;
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
          http: [
            ...(headerMatch(spec, component)
              ? [{ name: 'canary-header', match: [{ headers: headerMatch(spec, component) }], route: [{ destination: destination(spec, component, 'canary'), weight: 100 }], ...resilience(component) }]
              : []),
            { name: 'default', route: weightedRoute(spec, component), ...resilience(component) },
          ],
        },
      }),
  );
  const publicRoutes = new VirtualService({
    metadata: { name: 'public', namespace, labels: commonLabels(spec, 'public') },
    spec: {
      hosts: [publicHost(spec.name)],
      gateways: [`${namespace}/${gatewayName}`],
      http: serving.flatMap((component) => {
        const headers = headerMatch(spec, component);
        return [
          ...(headers
            ? [
                {
                  name: `${component.name}-canary-header`,
                  match: component.publicPrefixes.map((prefix) => ({ uri: { prefix }, headers })),
                  route: [{ destination: destination(spec, component, 'canary'), weight: 100 }],
                  ...resilience(component),
                },
              ]
            : []),
          {
            name: component.name,
            match: component.publicPrefixes.map((prefix) => ({ uri: { prefix } })),
            route: weightedRoute(spec, component),
            ...resilience(component),
          },
        ];
      }),
    },
  });
  return [...internal, publicRoutes];
}
