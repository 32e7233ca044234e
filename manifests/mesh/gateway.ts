import { Gateway } from '@kubernetes-models/istio/networking.istio.io/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf } from '../names';
import { clusterServices, publicHost } from '../platform-defaults';
import { grafanaHost, runsGrafana } from '../monitoring/grafana';
import { enabledServing, gatewayName } from './mesh-components';

/** Where the Gateway's certificate must be, on the Gateway itself (Istio does not look beside it). */
export const tlsSecretAnnotation = 'personapass.dev/tls-secret';

/** The environment's TLS Secret, in the namespace Istio reads it from: the ingress gateway's. */
export function gatewayTlsSecret(spec: EnvironmentSpec): { namespace: string; name: string } {
  return { namespace: clusterServices.ingressGateway.namespace, name: `personapass-${spec.name}-tls` };
}

/**
 * HTTPS at the shared ingress gateway; plain HTTP only redirects. The certificate is the Secret
 * `personapass-<env>-tls` in the ingress gateway's namespace (istio-system), not beside this
 * Gateway: Istio resolves an Istio Gateway's credentialName in the namespace of the gateway proxy it
 * configures and drops references to any other namespace. The console may not write there, so the
 * cluster owner (or cert-manager there) provides it; the annotation says where, on the object.
 */
export function renderGateway(spec: EnvironmentSpec): KubeObject[] {
  if (enabledServing(spec).length === 0 && !runsGrafana(spec)) return [];
  // The environment's own Grafana is served at grafanaUrl's host (its VirtualService is in the
  // monitoring namespace); the certificate must name that host too.
  const hosts = [publicHost(spec.name), ...(runsGrafana(spec) ? [grafanaHost(spec)] : [])];
  const tls = gatewayTlsSecret(spec);
  return [
    new Gateway({
      metadata: {
        name: gatewayName,
        namespace: namespacesOf(spec).app,
        labels: commonLabels(spec, gatewayName),
        annotations: { [tlsSecretAnnotation]: `${tls.namespace}/${tls.name}` },
      },
      spec: {
        selector: clusterServices.ingressGateway.labels,
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts,
            tls: { mode: 'SIMPLE', credentialName: tls.name, minProtocolVersion: 'TLSV1_2' },
          },
          { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } },
        ],
      },
    }),
  ];
}
