import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import { ports } from '../names';
import type { ConsoleOptions } from './console-options';

// The console's pods (and its migration Job's) take traffic on the console's port from the ingress
// controller only, and reach only what they use: DNS, Postgres, the identity provider, the API
// servers of the registered clusters, and the environments' Prometheus, Alertmanager and Jaeger
// (in the namespaces console-environment.yaml labels part-of=personapass), and webhook receivers:
// HTTPS anywhere public. The console refuses private, loopback and link-local webhook addresses
// itself (WEBHOOK_ALLOW_PRIVATE); the policy says the same, so a receiver inside the cluster's
// networks needs a rule of the operator's own as well as that setting.

/** Addresses no public webhook receiver has: this network, private, shared (CGNAT), loopback, link-local, benchmarking, multicast, reserved; NAT64 (it reaches IPv4 inside). IPv4-mapped ranges cannot be
 *  excepted: the API server refuses them in an ipBlock (the dry-run on the testbed showed it). */
export const nonPublicIpv4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4'];
export const nonPublicIpv6 = ['::1/128', '64:ff9b::/96', '64:ff9b:1::/48', 'fc00::/7', 'fe80::/10', 'ff00::/8'];

const tcp = (port: number) => ({ protocol: 'TCP' as const, port });
const toCidrs = (endpoint: { cidrs: string[]; port: number }): INetworkPolicyEgressRule => ({ to: endpoint.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(endpoint.port)] });

/** Alertmanager's web port (the Prometheus Operator's default). */
const alertmanagerPort = 9093;
const prometheusPort = 9090;

export function consoleNetworkPolicy(namespace: string, options: ConsoleOptions): NetworkPolicy {
  return new NetworkPolicy({
    metadata: { name: 'personapass-console', namespace, labels: { 'app.kubernetes.io/name': 'personapass-console', 'app.kubernetes.io/part-of': 'personapass-console' } },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'personapass-console' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': options.ingress.namespace } }, podSelector: { matchLabels: options.ingress.podLabels } }],
          ports: [tcp(3000)],
        },
      ],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
        toCidrs(options.egress.postgres),
        toCidrs(options.egress.oidcIssuer),
        toCidrs(options.egress.kubeApi),
        {
          to: [{ namespaceSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'personapass' } } }],
          ports: [tcp(prometheusPort), tcp(alertmanagerPort), tcp(ports.jaegerQuery), tcp(ports.otlpHttp)],
        },
        {
          to: [{ ipBlock: { cidr: '0.0.0.0/0', except: nonPublicIpv4 } }, { ipBlock: { cidr: '::/0', except: nonPublicIpv6 } }],
          ports: [tcp(443)],
        },
      ],
    },
  });
}
