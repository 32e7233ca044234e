import { Gateway } from '@kubernetes-models/istio/networking.istio.io/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf } from '../names';
import { clusterServices, publicHost } from '../platform-defaults';
import { enabledServing, gatewayName } from './mesh-components';

/** HTTPS at the shared ingress gateway; plain HTTP only redirects. The certificate is the Secret
 *  `personapass-<env>-tls` in the gateway's namespace, referenced by name. */
export function renderGateway(spec: EnvironmentSpec): KubeObject[] {
  if (enabledServing(spec).length === 0) return [];
  const host = publicHost(spec.name);
  return [
    new Gateway({
      metadata: { name: gatewayName, namespace: namespacesOf(spec).app, labels: commonLabels(spec, gatewayName) },
      spec: {
        selector: clusterServices.ingressGateway.labels,
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts: [host],
            tls: { mode: 'SIMPLE', credentialName: `personapass-${spec.name}-tls`, minProtocolVersion: 'TLSV1_2' },
          },
          { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [host], tls: { httpsRedirect: true } },
        ],
      },
    }),
  ];
}
