import { describe, expect, it } from 'vitest';
import type { NamespaceInspection, NetworkPolicyView } from './cluster-inspection';
import { networkFindings, networkPodOf, type Caller, type NetworkInput, type NetworkPod } from './network-findings';

const ns = 'personapass-dev';
const gateway: Caller = { name: 'the ingress gateway', namespace: 'istio-system', podLabels: { istio: 'ingressgateway' }, port: 8080 };
const walletPod = (name: string, ready = true, containers = ['wallet-api', 'istio-proxy']): NetworkPod => ({ name, labels: { 'app.kubernetes.io/name': 'wallet-api' }, ready, deleting: false, containers });
const walletService = { name: 'wallet-api', namespace: ns, selector: { 'app.kubernetes.io/name': 'wallet-api' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
const emptyInspection = (more: Partial<NamespaceInspection> = {}): NamespaceInspection => ({ namespace: { name: ns, labels: {} }, services: [], endpointSlices: [], networkPolicies: [], ...more });
const input = (more: Partial<NetworkInput>): NetworkInput => ({ component: 'wallet-api', namespace: ns, inspection: emptyInspection(), pods: [walletPod('w-1')], callers: [gateway], namespaceLabels: new Map(), scaledToZero: false, ...more });
const policy = (name: string, spec: Partial<NetworkPolicyView>): NetworkPolicyView => ({ name, namespace: ns, podSelector: {}, policyTypes: ['Ingress'], ingress: [], ...spec });

describe('networkFindings: Services', () => {
  it('finds a Service of the component with no ready endpoint, and says its selector matches no pod', () => {
    const findings = networkFindings(input({ pods: [], inspection: emptyInspection({ services: [walletService], endpointSlices: [{ name: 'wallet-api-x', namespace: ns, service: 'wallet-api', ready: 0, notReady: 0 }] }) }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ area: 'network', severity: 'problem', object: 'Service/wallet-api', what: 'Service wallet-api has no ready endpoint: requests to it fail' });
    expect(findings[0]!.evidence).toContain('0 pods match it, 0 ready');
    expect(findings[0]!.action).toMatch(/No pod carries the labels/);
  });

  it('says the pods are not ready when they match, and is only a warning while scaled to zero', () => {
    const services = emptyInspection({ services: [walletService] });
    expect(networkFindings(input({ pods: [walletPod('w-1', false)], inspection: services }))[0]!.action).toMatch(/none is ready/);
    expect(networkFindings(input({ pods: [], inspection: services, scaledToZero: true }))[0]!.severity).toBe('warning');
  });

  it('finds nothing when a slice has a ready endpoint, or for a Service without selector', () => {
    expect(networkFindings(input({ inspection: emptyInspection({ services: [walletService], endpointSlices: [{ name: 's', namespace: ns, service: 'wallet-api', ready: 1, notReady: 2 }] }) }))).toEqual([]);
    expect(networkFindings(input({ inspection: emptyInspection({ services: [{ ...walletService, selector: {} }] }) }))).toEqual([]);
  });
});

describe('networkFindings: NetworkPolicies', () => {
  const gatewayRule = { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { istio: 'ingressgateway' } } }], ports: [{ protocol: 'TCP', port: 8080 }] };

  it('finds a deny-all policy that lets no caller in, naming the policy and the caller', () => {
    const findings = networkFindings(input({ inspection: emptyInspection({ networkPolicies: [policy('default-deny', {})] }) }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ object: 'NetworkPolicy/default-deny', what: "NetworkPolicies select wallet-api's pods but let no traffic in from the ingress gateway on port 8080" });
    expect(findings[0]!.evidence[0]).toBe('NetworkPolicy default-deny selects (all pods) with no ingress rule (denies all)');
  });

  it('is satisfied by any selecting policy that allows the caller on its port', () => {
    expect(networkFindings(input({ inspection: emptyInspection({ networkPolicies: [policy('default-deny', {}), policy('allow-gw', { ingress: [gatewayRule] })] }) }))).toEqual([]);
    // Another port, another namespace, or a policy that does not select the pod do not help.
    const wrongPort = policy('allow-gw', { ingress: [{ ...gatewayRule, ports: [{ protocol: 'TCP', port: 9090 }] }] });
    const wrongNamespace = policy('allow-ns', { ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'elsewhere' } } }] }] });
    const samePodsOnly = policy('allow-same', { ingress: [{ from: [{ podSelector: { matchLabels: { istio: 'ingressgateway' } } }] }] });
    const other = policy('allow-all-to-redis', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } }, ingress: [{}] });
    for (const extra of [wrongPort, wrongNamespace, samePodsOnly, other]) {
      expect(networkFindings(input({ inspection: emptyInspection({ networkPolicies: [policy('default-deny', {}), extra] }) })), extra.name).toHaveLength(1);
    }
  });

  it('reads namespace labels given for a caller, port ranges, named ports and egress-only policies', () => {
    const byTeam = policy('allow-team', { ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'edge' } } }], ports: [{ port: 8000, endPort: 8100 }] }] });
    expect(networkFindings(input({ inspection: emptyInspection({ networkPolicies: [byTeam] }), namespaceLabels: new Map([['istio-system', { team: 'edge' }]]) }))).toEqual([]);
    expect(networkFindings(input({ inspection: emptyInspection({ networkPolicies: [byTeam] }) }))).toHaveLength(1);
    const named = policy('named', { ingress: [{ ports: [{ port: 'http' }] }] });
    expect(networkFindings(input({ inspection: emptyInspection({ networkPolicies: [named] }) }))).toEqual([]);
    const egressOnly = policy('egress', { policyTypes: ['Egress'] });
    expect(networkFindings(input({ inspection: emptyInspection({ networkPolicies: [egressOnly] }) }))).toEqual([]);
  });
});

describe('networkFindings: the mesh sidecar', () => {
  it('finds pods without istio-proxy where the namespace injects one', () => {
    const inspection = emptyInspection({ namespace: { name: ns, labels: { 'istio-injection': 'enabled' } } });
    const findings = networkFindings(input({ inspection, pods: [walletPod('w-1'), walletPod('w-2', true, ['wallet-api'])] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ object: 'Pod/w-2', what: "1 pod of wallet-api run without the mesh's sidecar although namespace personapass-dev expects one" });
    expect(findings[0]!.evidence).toEqual(['namespace personapass-dev is labelled istio-injection=enabled', 'pod w-2: containers wallet-api']);
  });

  it('expects none where the namespace does not inject, and counts a native sidecar (an init container)', () => {
    expect(networkFindings(input({ pods: [walletPod('w', true, ['wallet-api'])] }))).toEqual([]);
    const revision = emptyInspection({ namespace: { name: ns, labels: { 'istio.io/rev': 'stable' } } });
    const object = {
      apiVersion: 'v1',
      kind: 'Pod' as const,
      metadata: { name: 'w', namespace: ns, uid: 'u', resourceVersion: '1', labels: { 'app.kubernetes.io/name': 'wallet-api' } },
      spec: { containers: [{ name: 'wallet-api' }] },
      status: { conditions: [{ type: 'Ready', status: 'True' }], initContainerStatuses: [{ name: 'istio-proxy' }] },
    };
    expect(networkPodOf(object)).toEqual({ name: 'w', labels: { 'app.kubernetes.io/name': 'wallet-api' }, ready: true, deleting: false, containers: ['wallet-api', 'istio-proxy'] });
    expect(networkFindings(input({ inspection: revision, pods: [networkPodOf(object)] }))).toEqual([]);
  });
});
