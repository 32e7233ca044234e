import { type Cidr, cidrContains, cidrsOverlap, parseCidr } from '@/lib/core/environments/cidr';
import type { PlainObject } from './problem';

// What a set of NetworkPolicies lets a pod reach outside the cluster, by the API's rules: a pod no
// Egress policy selects may go anywhere; otherwise a connection is allowed when one rule of a policy
// selecting it allows the port and has a peer whose ipBlock holds the address (minus its except
// blocks). Pod and namespace selectors never match an address outside the cluster, and a named port
// cannot name a port of an outside service.

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Port = { protocol?: string; port?: number | string; endPort?: number };
type Peer = { ipBlock?: { cidr: string; except?: string[] }; podSelector?: Selector; namespaceSelector?: Selector };
type EgressRule = { to?: Peer[]; ports?: Port[] };

/** Whether a label selector selects these labels (an empty selector selects everything). */
export function labelSelectorMatches(selector: Selector | undefined, labels: Record<string, string>): boolean {
  const matchLabels = Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const matchExpressions = (selector?.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key]!);
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]!);
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    return false;
  });
  return matchLabels && matchExpressions;
}

/** The NetworkPolicies of a namespace that isolate these pods for egress. */
function egressPoliciesFor(objects: readonly PlainObject[], namespace: string, podLabels: Record<string, string>): PlainObject[] {
  return objects.filter(
    (o) =>
      o.kind === 'NetworkPolicy' &&
      o.metadata.namespace === namespace &&
      ((o.spec?.policyTypes ?? []) as string[]).includes('Egress') &&
      labelSelectorMatches(o.spec?.podSelector, podLabels),
  );
}

function portAllows(ports: Port[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port !== 'number') return false;
    return p.endPort === undefined ? p.port === port : p.port <= port && port <= p.endPort;
  });
}

function peerAllows(peer: Peer, block: Cidr): boolean {
  if (!peer.ipBlock) return false;
  const allowed = parseCidr(peer.ipBlock.cidr);
  if (!allowed || !cidrContains(allowed, block)) return false;
  return !(peer.ipBlock.except ?? []).some((text) => {
    const excepted = parseCidr(text);
    return excepted !== undefined && cidrsOverlap(excepted, block);
  });
}

/** Whether pods with these labels may open `protocol` connections to every address of `cidr` on `port`. */
export function egressAllowed(
  objects: readonly PlainObject[],
  pods: { namespace: string; labels: Record<string, string> },
  destination: { cidr: string; port: number; protocol?: string },
): boolean {
  const block = parseCidr(destination.cidr);
  if (!block) return false;
  const policies = egressPoliciesFor(objects, pods.namespace, pods.labels);
  if (policies.length === 0) return true;
  return policies.some((policy) =>
    ((policy.spec?.egress ?? []) as EgressRule[]).some(
      (rule) =>
        portAllows(rule.ports, destination.port, destination.protocol ?? 'TCP') &&
        (!rule.to || rule.to.length === 0 || rule.to.some((peer) => peerAllows(peer, block))),
    ),
  );
}

/** Whether pods with these labels may open TCP connections to pods of another (or the same) namespace on `port`. */
export function egressAllowedToPods(
  objects: readonly PlainObject[],
  pods: { namespace: string; labels: Record<string, string> },
  destination: { namespace: string; labels: Record<string, string> },
  port: number,
): boolean {
  const policies = egressPoliciesFor(objects, pods.namespace, pods.labels);
  if (policies.length === 0) return true;
  const namespaceLabels = { 'kubernetes.io/metadata.name': destination.namespace };
  const peerAllows = (peer: Peer) => {
    if (peer.ipBlock) return false;
    const inNamespace = peer.namespaceSelector ? labelSelectorMatches(peer.namespaceSelector, namespaceLabels) : destination.namespace === pods.namespace;
    return inNamespace && labelSelectorMatches(peer.podSelector, destination.labels);
  };
  return policies.some((policy) =>
    ((policy.spec?.egress ?? []) as EgressRule[]).some((rule) => portAllows(rule.ports, port, 'TCP') && (!rule.to || rule.to.length === 0 || rule.to.some(peerAllows))),
  );
}

export interface EgressBlock {
  policy: PlainObject;
  rule: number;
  /** The peer's index in the rule's `to`; undefined for a rule without peers (anywhere). */
  peer: number | undefined;
  cidr: string;
  ports: Port[];
}

/** Every address block these pods may reach (rules with no peers as 0.0.0.0/0 and ::/0), with the policy and rule allowing it. */
export function egressBlocks(objects: readonly PlainObject[], pods: { namespace: string; labels: Record<string, string> }): EgressBlock[] {
  return egressPoliciesFor(objects, pods.namespace, pods.labels).flatMap((policy) =>
    ((policy.spec?.egress ?? []) as EgressRule[]).flatMap((rule, r): EgressBlock[] => {
      const ports = rule.ports ?? [];
      if (!rule.to || rule.to.length === 0) {
        return ['0.0.0.0/0', '::/0'].map((cidr) => ({ policy, rule: r, peer: undefined, cidr, ports }));
      }
      return rule.to.flatMap((peer, p) => (peer.ipBlock ? [{ policy, rule: r, peer: p, cidr: peer.ipBlock.cidr, ports }] : []));
    }),
  );
}
