import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf, serviceHost } from '../names';
import { tierDefaults } from '../platform-defaults';
import { enabledServing } from './mesh-components';

/** Connection pools and outlier detection (the circuit breaker) per service, least-request balancing,
 *  and the `stable` subset (and `canary` when the spec has one) the VirtualServices weigh. */
export function renderDestinationRules(spec: EnvironmentSpec): KubeObject[] {
  const namespace = namespacesOf(spec).app;
  const mesh = tierDefaults[spec.tier].mesh;
  return enabledServing(spec).map(
    (component) =>
      new DestinationRule({
        metadata: { name: component.name, namespace, labels: commonLabels(spec, component.name) },
        spec: {
          host: serviceHost(component.name, namespace),
          trafficPolicy: {
            loadBalancer: { simple: 'LEAST_REQUEST' },
            connectionPool: {
              tcp: { maxConnections: mesh.maxConnections, connectTimeout: '2s' },
              http: {
                http1MaxPendingRequests: mesh.maxPendingRequests,
                http2MaxRequests: mesh.maxRequests,
                maxRequestsPerConnection: 0,
                idleTimeout: '300s',
              },
            },
            outlierDetection: {
              consecutive5xxErrors: mesh.consecutive5xxErrors,
              consecutiveGatewayErrors: 3,
              interval: '10s',
              baseEjectionTime: mesh.baseEjectionTime,
              // Never eject more than half: a bad deploy should degrade, not blackhole.
              maxEjectionPercent: 50,
            },
            tls: { mode: 'ISTIO_MUTUAL' },
          },
          // The canary subset only while the spec has a canary: a subset no pod carries is never routed to.
          subsets: [
            { name: 'stable', labels: { 'personapass.dev/track': 'stable' } },
            ...(spec.components[component.name].canary ? [{ name: 'canary', labels: { 'personapass.dev/track': 'canary' } }] : []),
          ],
        },
      }),
  );
}
