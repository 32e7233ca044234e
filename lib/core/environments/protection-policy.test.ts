import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/roles';
import { canLowerProtection, protectionLowering } from './protection-policy';

const gate = { protected: true, approvalsRequired: 2, approvalExpiryHours: 24 };
const actor = (role: Actor['role']): Actor => ({ userId: 'u', email: 'e', name: 'n', role, via: 'session' });

describe('protection policy', () => {
  it('names every way a change weakens the gate', () => {
    expect(protectionLowering(gate, { protected: false, approvalsRequired: 1, approvalExpiryHours: 48 })).toEqual([
      'protection removed',
      'approvals 2 → 1',
      'approval expiry 24 h → 48 h',
    ]);
    expect(protectionLowering(gate, { protected: true, approvalsRequired: 3, approvalExpiryHours: 12 })).toEqual([]);
    expect(protectionLowering({ ...gate, protected: false }, { protected: false, approvalsRequired: 0, approvalExpiryHours: 72 })).toEqual([]);
  });

  it('lets only admins weaken it', () => {
    const lowering = protectionLowering(gate, { ...gate, approvalsRequired: 1 });
    expect(canLowerProtection(actor('operator'), 'qa', lowering)).toEqual({ allowed: false, reason: 'lowering the approval gate of qa (approvals 2 → 1) needs the admin role' });
    expect(canLowerProtection(actor('admin'), 'qa', lowering)).toEqual({ allowed: true });
    expect(canLowerProtection(actor('operator'), 'qa', [])).toEqual({ allowed: true });
  });
});
