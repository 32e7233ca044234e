import { describe, expect, it } from 'vitest';
import { approvalGate, refuseRevision } from './plan-gate';

const open = { protected: false, approvalsRequired: 0, approvalExpiryHours: 72 };
const guarded = (approvalsRequired: number, approvalExpiryHours = 24) => ({ protected: true, approvalsRequired, approvalExpiryHours });

describe('approvalGate', () => {
  it('is the strictest of the planned revision and the head: protected if either is, most approvals, shortest expiry', () => {
    expect(approvalGate(open, guarded(1))).toEqual({ protected: true, approvalsRequired: 1, approvalExpiryHours: 24 });
    expect(approvalGate(guarded(2, 48), guarded(1, 12))).toEqual({ protected: true, approvalsRequired: 2, approvalExpiryHours: 12 });
    expect(approvalGate(open, open)).toEqual({ protected: false, approvalsRequired: 0, approvalExpiryHours: 72 });
  });

  it('follows the head when an admin lifted the protection (the head is today’s policy)', () => {
    expect(approvalGate(open, open)).toEqual({ protected: false, approvalsRequired: 0, approvalExpiryHours: 72 });
  });
});

describe('refuseRevision', () => {
  it('lets a plan take the head or a revision that deployed successfully, naming them otherwise', () => {
    expect(refuseRevision('e', 3, { head: 3, deployed: [] }, 'plan')).toBeNull();
    expect(refuseRevision('e', 1, { head: 3, deployed: [2, 1] }, 'plan')).toBeNull();
    expect(refuseRevision('e', 2, { head: 3, deployed: [1] }, 'plan')).toEqual({
      message: 'revision 2 of e is neither its head nor a revision that deployed successfully: plan the head (3), or a revision deployed successfully: 1',
      details: { head: 3, deployedRevisions: [1] },
    });
  });

  it('lets a rollback take only a revision that deployed successfully, the head included', () => {
    expect(refuseRevision('e', 3, { head: 3, deployed: [] }, 'rollback')?.message).toBe('revision 3 of e was never deployed successfully: only those can be rolled back to; nothing was ever deployed successfully');
    expect(refuseRevision('e', 3, { head: 3, deployed: [3] }, 'rollback')).toBeNull();
  });
});
