import { describe, expect, it } from 'vitest';
import { roleFromGroups } from './role-from-groups';
import { canManageClusters, canReadAudit, canReadLogs, canWriteEnvironment, type Actor, type Role } from './roles';

const actor = (role: Role): Actor => ({ userId: 'u', email: `${role}@x`, name: role, role, via: 'session' });

describe('roles', () => {
  it('lets operators edit unprotected environments only, and admins everything', () => {
    const open = { name: 'dev', protected: false };
    const guarded = { name: 'prod', protected: true };
    expect(canWriteEnvironment(actor('operator'), open).allowed).toBe(true);
    expect(canWriteEnvironment(actor('operator'), guarded)).toEqual({ allowed: false, reason: 'prod is protected: editing it needs the admin role' });
    expect(canWriteEnvironment(actor('admin'), guarded).allowed).toBe(true);
    expect(canWriteEnvironment(actor('viewer'), open).allowed).toBe(false);
    expect(canWriteEnvironment(actor('approver'), open).allowed).toBe(false);
  });

  it('keeps clusters and the audit log for admins, explaining why', () => {
    for (const role of ['viewer', 'operator', 'approver'] as const) {
      expect(canManageClusters(actor(role))).toMatchObject({ allowed: false, reason: expect.stringContaining('admin') });
      expect(canReadAudit(actor(role)).allowed).toBe(false);
    }
    expect(canManageClusters(actor('admin')).allowed).toBe(true);
  });

  it('lets operators and above read logs, never viewers', () => {
    expect(canReadLogs(actor('viewer'))).toEqual({ allowed: false, reason: 'reading logs needs the operator role or above (you are viewer)' });
    for (const role of ['operator', 'approver', 'admin'] as const) expect(canReadLogs(actor(role)).allowed).toBe(true);
  });

  it('maps identity-provider groups to the highest role, and none to undefined', () => {
    const mapping = { 'pp-viewers': 'viewer', 'pp-admins': 'admin', 'pp-ops': 'operator' } as const;
    expect(roleFromGroups(['pp-viewers', 'pp-ops'], mapping)).toBe('operator');
    expect(roleFromGroups(['pp-admins', 'pp-viewers'], mapping)).toBe('admin');
    expect(roleFromGroups(['staff'], mapping)).toBeUndefined();
    expect(roleFromGroups('pp-admins', mapping)).toBeUndefined();
  });
});
