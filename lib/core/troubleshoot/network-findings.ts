// Network connectivity: a Service of the component with no ready endpoint, NetworkPolicies that
// select its pods but let none of its callers in, and pods without the mesh's sidecar in a
// namespace that injects one. Pure: from one namespace's inspection and the watched pods.
import type { ComponentName } from '../environments/environment-spec';
import type { LiveObject } from '../live/trim-live-object';
import type { Finding } from './diagnosis';
import type { NamespaceInspection, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyView, ServiceView } from './cluster-inspection';
import { componentLabel, plural } from './findings-support';
import { describeSelector, mapSelects, selects } from './label-selector';

/** What the network checks need of a pod: its labels, whether it is ready, its containers' names. */
export type NetworkPod = { name: string; labels: Record<string, string>; ready: boolean; deleting: boolean; containers: string[] };

/** Who must reach the component: a workload in a namespace, on a container port. */
export type Caller = { name: string; namespace: string; podLabels: Record<string, string>; port: number };

export type NetworkInput = {
  component: ComponentName;
  namespace: string;
  inspection: NamespaceInspection;
  /** Every pod of the namespace (a Service's selector may match others' too). */
  pods: readonly NetworkPod[];
  callers: readonly Caller[];
  /** Labels of the callers' namespaces, by name; a namespace not given has only its automatic name label. */
  namespaceLabels: ReadonlyMap<string, Record<string, string>>;
  /** The component is at zero replicas on purpose (its Service then has no endpoint until it wakes). */
  scaledToZero: boolean;
};

export const sidecarContainer = 'istio-proxy';

/** A watched pod as the network checks read it (spec.containers and init containers' statuses: a native sidecar is an init container). */
export function networkPodOf(object: LiveObject): NetworkPod {
  const spec = (object.spec ?? {}) as { containers?: Array<{ name?: string }> };
  const status = (object.status ?? {}) as { conditions?: Array<{ type?: string; status?: string }>; initContainerStatuses?: Array<{ name?: string }> };
  const names = [...(spec.containers ?? []), ...(status.initContainerStatuses ?? [])].map((c) => String(c.name ?? '')).filter(Boolean);
  return {
    name: object.metadata.name,
    labels: object.metadata.labels ?? {},
    ready: (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    deleting: Boolean(object.metadata.deletionTimestamp),
    containers: names,
  };
}

export function networkFindings(input: NetworkInput): Finding[] {
  const own = input.pods.filter((pod) => !pod.deleting && pod.labels[componentLabel] === input.component);
  return [...serviceFindings(input, own), ...policyFindings(input, own), ...sidecarFindings(input, own)];
}

/** The component's Services: named after it (stable or canary), or selecting its pods. */
function servicesOf(input: NetworkInput, own: readonly NetworkPod[]): ServiceView[] {
  const labels = own[0]?.labels ?? { [componentLabel]: input.component };
  return input.inspection.services.filter((service) => {
    if (service.name === input.component || service.name === `${input.component}-canary`) return true;
    return Object.keys(service.selector).length > 0 && mapSelects(service.selector, labels);
  });
}

function serviceFindings(input: NetworkInput, own: readonly NetworkPod[]): Finding[] {
  return servicesOf(input, own).flatMap((service): Finding[] => {
    if (Object.keys(service.selector).length === 0) return []; // endpoints managed by hand: not ours to judge
    const slices = input.inspection.endpointSlices.filter((slice) => slice.service === service.name);
    const ready = slices.reduce((sum, slice) => sum + slice.ready, 0);
    if (ready > 0) return [];
    const notReady = slices.reduce((sum, slice) => sum + slice.notReady, 0);
    const matching = input.pods.filter((pod) => !pod.deleting && mapSelects(service.selector, pod.labels));
    const readyPods = matching.filter((pod) => pod.ready);
    const selector = Object.entries(service.selector).map(([key, value]) => `${key}=${value}`).join(',');
    const evidence = [
      `selector ${selector}`,
      `${plural(matching.length, 'pod')} match it, ${readyPods.length} ready`,
      `${plural(slices.length, 'EndpointSlice')}: 0 ready endpoints${notReady ? `, ${notReady} not ready` : ''}`,
      `ports ${service.ports.map((p) => `${p.port}→${p.targetPort ?? p.port}`).join(', ') || '(none)'}`,
    ];
    const action = input.scaledToZero
      ? 'Expected while the component is scaled to zero: callers get 503 until a trigger wakes it. If it should be running, see the scaling findings.'
      : matching.length === 0
        ? `No pod carries the labels its selector asks for: correct the selector or the pods' labels, or deploy the component (it has no pods in ${input.namespace}).`
        : readyPods.length === 0
          ? "Its pods exist but none is ready: see the start-up findings, and the readiness probe's failures in the pods' events."
          : "Ready pods match but none is an endpoint: check that the Service's targetPort names a port the containers open.";
    return [
      {
        area: 'network',
        component: input.component,
        severity: input.scaledToZero ? 'warning' : 'problem',
        what: `Service ${service.name} has no ready endpoint: requests to it fail`,
        evidence,
        action,
        object: `Service/${service.name}`,
      },
    ];
  });
}

function policyFindings(input: NetworkInput, own: readonly NetworkPod[]): Finding[] {
  const target = own[0]?.labels ?? { [componentLabel]: input.component };
  const selecting = input.inspection.networkPolicies.filter((policy) => isIngressPolicy(policy) && selects(policy.podSelector, target));
  if (selecting.length === 0) return []; // no policy isolates its pods: every caller may reach them
  return input.callers.flatMap((caller): Finding[] => {
    if (selecting.some((policy) => policy.ingress.some((rule) => ruleAllows(rule, policy.namespace, caller, input.namespaceLabels)))) return [];
    return [
      {
        area: 'network',
        component: input.component,
        severity: 'problem',
        what: `NetworkPolicies select ${input.component}'s pods but let no traffic in from ${caller.name} on port ${caller.port}`,
        evidence: [
          ...selecting.map((policy) => `NetworkPolicy ${policy.name} selects ${describeSelector(policy.podSelector)} with ${policy.ingress.length === 0 ? 'no ingress rule (denies all)' : plural(policy.ingress.length, 'ingress rule')}`),
          `caller: pods ${Object.entries(caller.podLabels).map(([k, v]) => `${k}=${v}`).join(',')} in namespace ${caller.namespace}, to port ${caller.port}`,
        ],
        action: `Allow it: a NetworkPolicy selecting ${input.component}'s pods with an ingress rule from ${caller.name} on port ${caller.port} (deploying the environment applies the platform's own), or remove the policy that was added by hand.`,
        object: `NetworkPolicy/${selecting[0]!.name}`,
      },
    ];
  });
}

/** A policy without policyTypes is an ingress policy (Kubernetes defaults it so). */
const isIngressPolicy = (policy: NetworkPolicyView) => policy.policyTypes.length === 0 || policy.policyTypes.includes('Ingress');

function ruleAllows(rule: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }, policyNamespace: string, caller: Caller, namespaceLabels: ReadonlyMap<string, Record<string, string>>): boolean {
  const fromOk = !rule.from || rule.from.length === 0 || rule.from.some((peer) => peerMatches(peer, policyNamespace, caller, namespaceLabels));
  const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((port) => portMatches(port, caller.port));
  return fromOk && portOk;
}

function peerMatches(peer: NetworkPolicyPeer, policyNamespace: string, caller: Caller, namespaceLabels: ReadonlyMap<string, Record<string, string>>): boolean {
  if (peer.ipBlock) return peer.ipBlock.cidr === '0.0.0.0/0' || peer.ipBlock.cidr === '::/0'; // a pod's address is not known here; only "anywhere" surely covers it
  const labels = { 'kubernetes.io/metadata.name': caller.namespace, ...(namespaceLabels.get(caller.namespace) ?? {}) };
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, labels) : caller.namespace === policyNamespace;
  return namespaceOk && (!peer.podSelector || selects(peer.podSelector, caller.podLabels));
}

/** A named port cannot be resolved here (it is the target pod's): taken to match, so no false alarm. */
function portMatches(port: NetworkPolicyPort, wanted: number): boolean {
  if (port.protocol && port.protocol !== 'TCP') return false;
  if (port.port === undefined || typeof port.port === 'string') return true;
  return port.endPort !== undefined ? wanted >= port.port && wanted <= port.endPort : port.port === wanted;
}

function sidecarFindings(input: NetworkInput, own: readonly NetworkPod[]): Finding[] {
  const labels = input.inspection.namespace?.labels ?? {};
  const injects = labels['istio-injection'] === 'enabled' || (labels['istio.io/rev'] !== undefined && labels['istio-injection'] !== 'disabled');
  if (!injects) return [];
  const missing = own.filter((pod) => pod.containers.length > 0 && !pod.containers.includes(sidecarContainer));
  if (missing.length === 0) return [];
  const marker = labels['istio-injection'] === 'enabled' ? 'istio-injection=enabled' : `istio.io/rev=${labels['istio.io/rev']}`;
  return [
    {
      area: 'network',
      component: input.component,
      severity: 'problem',
      what: `${plural(missing.length, 'pod')} of ${input.component} run without the mesh's sidecar although namespace ${input.namespace} expects one`,
      evidence: [`namespace ${input.namespace} is labelled ${marker}`, ...missing.slice(0, 5).map((pod) => `pod ${pod.name}: containers ${pod.containers.join(', ')}`)],
      action: "Without its sidecar a pod is outside the mesh: strict mTLS refuses its calls and its traffic is not measured. Restart the pods (a rollout restart) once Istio's injector runs; if they were created while it was down, that is why. A pod annotated sidecar.istio.io/inject=false opts out on purpose.",
      object: `Pod/${missing[0]!.name}`,
    },
  ];
}
