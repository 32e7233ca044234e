import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/roles';
import type { PlainObject } from './cluster-gateway';
import { decideDeletion } from './plan-deletions';
import { planHash } from './plan-hash';
import { canAllowProtectedDeletes, canForceApply, canPlan } from './plan-policy';
import { componentOf, summarizePlan } from './plan-summary';

describe('summarizePlan', () => {
  it('counts by action, kind and component; changes leave out the unchanged', () => {
    const summary = summarizePlan(
      [
        { kind: 'Deployment', component: 'wallet-api', action: 'update' },
        { kind: 'Service', component: 'wallet-api', action: 'unchanged' },
        { kind: 'ConfigMap', component: 'redis', action: 'create' },
        { kind: 'Deployment', component: 'redis', action: 'delete' },
      ],
      [],
    );
    expect(summary).toEqual({
      changes: 3,
      total: 4,
      byAction: { create: 1, update: 1, unchanged: 1, delete: 1 },
      byKind: { ConfigMap: { create: 1, update: 0, unchanged: 0, delete: 0 }, Deployment: { create: 0, update: 1, unchanged: 0, delete: 1 }, Service: { create: 0, update: 0, unchanged: 1, delete: 0 } },
      byComponent: { redis: { create: 1, update: 0, unchanged: 0, delete: 1 }, 'wallet-api': { create: 0, update: 1, unchanged: 1, delete: 0 } },
      kept: [],
    });
  });

  it('names a component by app.kubernetes.io/name; the platform’s Namespaces are “namespaces”', () => {
    expect(componentOf({ kind: 'Service', metadata: { name: 's', labels: { 'app.kubernetes.io/name': 'wallet-api' } } })).toBe('wallet-api');
    expect(componentOf({ kind: 'Namespace', metadata: { name: 'n' } })).toBe('namespaces');
  });
});

describe('planHash', () => {
  const base = { cluster: 'local', namespace: 'p', revision: 3, flags: { components: null, allowDeletes: false, force: false }, applies: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }], deletions: ['Service/p/x'] };
  it('is the same for the same plan, whatever the key order, and differs when anything bound changes', () => {
    expect(planHash(base)).toBe(planHash({ ...base, applies: [{ data: { a: '1' }, metadata: { name: 'c' }, kind: 'ConfigMap', apiVersion: 'v1' }] }));
    const variants = [
      { ...base, cluster: 'other' },
      { ...base, namespace: 'q' },
      { ...base, revision: 4 },
      { ...base, flags: { ...base.flags, force: true } },
      { ...base, applies: [{ ...base.applies[0]!, data: { a: '2' } }] },
      { ...base, deletions: [] },
    ];
    for (const variant of variants) expect(planHash(variant)).not.toBe(planHash(base));
  });
});

describe('decideDeletion', () => {
  const context = { environment: 'prod', components: null, allowDeletes: false, heldNamespaces: ['p', 'p-monitoring'] };
  const live = (kind: string, labels: Record<string, string>, namespace = 'p'): PlainObject => ({ apiVersion: 'v1', kind, metadata: { name: 'x', namespace, labels } });
  const ours = { 'app.kubernetes.io/managed-by': 'personapass-console', 'personapass.dev/environment': 'prod', 'app.kubernetes.io/name': 'wallet-api' };

  it('deletes what still carries the console’s labels for this environment, in its namespaces', () => {
    expect(decideDeletion({ objectId: 'ConfigMap/p/x', kind: 'ConfigMap', namespace: 'p' }, live('ConfigMap', ours), context)).toEqual({ delete: true, component: 'wallet-api' });
  });

  it('skips what is gone, or outside the selected components', () => {
    expect(decideDeletion({ objectId: 'ConfigMap/p/x', kind: 'ConfigMap', namespace: 'p' }, null, context)).toBeNull();
    expect(decideDeletion({ objectId: 'ConfigMap/p/x', kind: 'ConfigMap', namespace: 'p' }, live('ConfigMap', ours), { ...context, components: ['redis'] })).toBeNull();
  });

  it('keeps, saying why, what someone else now manages, what lies outside the held namespaces, and protected kinds unless allowed', () => {
    expect(decideDeletion({ objectId: 'ConfigMap/p/x', kind: 'ConfigMap', namespace: 'p' }, live('ConfigMap', { ...ours, 'app.kubernetes.io/managed-by': 'helm' }), context)).toMatchObject({ delete: false, reason: expect.stringContaining('someone else manages it') });
    expect(decideDeletion({ objectId: 'ConfigMap/q/x', kind: 'ConfigMap', namespace: 'q' }, live('ConfigMap', ours, 'q'), context)).toMatchObject({ delete: false, reason: 'namespace q is not one prod holds' });
    const pvc = { objectId: 'PersistentVolumeClaim/p/x', kind: 'PersistentVolumeClaim', namespace: 'p' };
    expect(decideDeletion(pvc, live('PersistentVolumeClaim', ours), context)).toMatchObject({ delete: false, reason: expect.stringContaining('allowDeletes') });
    expect(decideDeletion(pvc, live('PersistentVolumeClaim', ours), { ...context, allowDeletes: true })).toEqual({ delete: true, component: 'wallet-api' });
    const namespace: PlainObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'p-monitoring', labels: { 'app.kubernetes.io/part-of': 'personapass', 'personapass.dev/environment': 'prod' } } };
    expect(decideDeletion({ objectId: 'Namespace/p-monitoring', kind: 'Namespace', namespace: '' }, namespace, { ...context, allowDeletes: true })).toEqual({ delete: true, component: 'namespaces' });
  });
});

describe('plan policy', () => {
  const actor = (role: Actor['role']): Actor => ({ userId: 'u', email: 'e', name: 'n', role, via: 'session' });
  it('operators and admins plan, protected or not; viewers and approvers do not; forcing and protected deletes are admin-only', () => {
    expect(['viewer', 'operator', 'approver', 'admin'].map((role) => canPlan(actor(role as Actor['role']), { name: 'prod', protected: true }).allowed)).toEqual([false, true, false, true]);
    expect(canPlan(actor('approver'), { name: 'prod', protected: true })).toEqual({ allowed: false, reason: 'planning changes needs the operator or admin role (you are approver)' });
    expect([canForceApply(actor('operator')).allowed, canForceApply(actor('admin')).allowed]).toEqual([false, true]);
    expect([canAllowProtectedDeletes(actor('operator')).allowed, canAllowProtectedDeletes(actor('admin')).allowed]).toEqual([false, true]);
  });
});
