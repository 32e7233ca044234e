import { describe, expect, it } from 'vitest';
import { egressAllowed } from './network-policy-egress';
import type { PlainObject } from './problem';

const policy = (name: string, spec: object): PlainObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'app' }, spec });
const pods = { namespace: 'app', labels: { 'app.kubernetes.io/name': 'wallet-api' } };
const database = { cidr: '10.50.0.0/24', port: 5432 };
const denyAll = policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });

describe('egress through NetworkPolicies', () => {
  it('is open while no policy isolates the pods for egress, closed by a default deny', () => {
    expect(egressAllowed([], pods, database)).toBe(true);
    expect(egressAllowed([policy('ingress-only', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] })], pods, database)).toBe(true);
    expect(egressAllowed([denyAll], pods, database)).toBe(false);
  });

  it('is allowed by an ipBlock holding the whole block on the port, for the pods the policy selects', () => {
    const allow = (selector: object, to: object[], ports: object[] = [{ protocol: 'TCP', port: 5432 }]) =>
      policy('allow', { podSelector: selector, policyTypes: ['Egress'], egress: [{ to, ports }] });
    const wallet = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['wallet-api'] }] };
    expect(egressAllowed([denyAll, allow(wallet, [{ ipBlock: { cidr: '10.50.0.0/16' } }])], pods, database)).toBe(true);
    expect(egressAllowed([denyAll, allow({ matchLabels: { 'app.kubernetes.io/name': 'redis' } }, [{ ipBlock: { cidr: '10.50.0.0/16' } }])], pods, database)).toBe(false);
    expect(egressAllowed([denyAll, allow(wallet, [{ ipBlock: { cidr: '10.50.0.0/25' } }])], pods, database)).toBe(false);
    expect(egressAllowed([denyAll, allow(wallet, [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.50.0.128/25'] } }])], pods, database)).toBe(false);
    expect(egressAllowed([denyAll, allow(wallet, [{ ipBlock: { cidr: '10.50.0.0/24' } }], [{ protocol: 'TCP', port: 5000, endPort: 6000 }])], pods, database)).toBe(true);
    expect(egressAllowed([denyAll, allow(wallet, [{ ipBlock: { cidr: '10.50.0.0/24' } }], [{ protocol: 'UDP', port: 5432 }])], pods, database)).toBe(false);
    expect(egressAllowed([denyAll, allow(wallet, [{ ipBlock: { cidr: '10.50.0.0/24' } }], [{ protocol: 'TCP', port: 'postgres' }])], pods, database)).toBe(false);
    // A namespace or pod selector never matches an address outside the cluster; no peers means anywhere.
    expect(egressAllowed([denyAll, allow(wallet, [{ namespaceSelector: {} }])], pods, database)).toBe(false);
    expect(egressAllowed([denyAll, allow(wallet, [])], pods, database)).toBe(true);
  });
});
