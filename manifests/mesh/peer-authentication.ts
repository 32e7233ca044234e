import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1';
import { componentNames, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, componentPodLabels, namespacesOf, ports } from '../names';

/** mTLS for the application namespace (STRICT unless the spec turns it off). Metrics ports stay
 *  PERMISSIVE: Prometheus lives outside the mesh and scrapes them in plain text, which the network
 *  policies limit to the monitoring namespace. */
export function renderPeerAuthentication(spec: EnvironmentSpec): KubeObject[] {
  const namespace = namespacesOf(spec).app;
  const mode = spec.toggles.mtlsStrict ? 'STRICT' : 'PERMISSIVE';
  const perWorkload = (name: string, permissivePorts: number[]) =>
    new PeerAuthentication({
      metadata: { name: `${name}-metrics`, namespace, labels: commonLabels(spec, name) },
      spec: {
        selector: { matchLabels: componentPodLabels(spec, name) },
        mtls: { mode },
        portLevelMtls: Object.fromEntries(permissivePorts.map((p) => [String(p), { mode: 'PERMISSIVE' as const }])),
      },
    });
  const usesRedis = spec.components['wallet-api'].enabled || spec.components['credential-worker'].enabled;
  return [
    new PeerAuthentication({ metadata: { name: 'default', namespace, labels: commonLabels(spec, 'mesh') }, spec: { mtls: { mode } } }),
    ...componentNames.filter((n) => spec.components[n].enabled).map((n) => perWorkload(n, [ports.metrics])),
    // KEDA's Redis scaler connects from outside the mesh; Redis still requires its password.
    ...(usesRedis ? [perWorkload('redis', [ports.redis, ports.redisMetrics])] : []),
  ];
}
