import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../auth/roles';
import { canDecidePlan, canDeployPlan, effectiveStatus, validApprovals, whyApprovalDoesNotCount, type PlanGate, type Vote } from './approval-policy';

const now = new Date('2026-12-02T12:00:00Z');
const actor = (role: Role, userId = `${role}-1`): Actor => ({ userId, email: `${userId}@x`, name: userId, role, via: 'session' });
const plan = (overrides: Partial<PlanGate> = {}): PlanGate => ({
  environment: 'prod',
  status: 'open',
  hash: 'h1',
  requestedBy: 'operator-1',
  protected: true,
  checksPassed: true,
  approvalsRequired: 2,
  approvalExpiryHours: 24,
  createdAt: new Date(now.getTime() - 3600_000),
  ...overrides,
});
const vote = (approverId: string, overrides: Partial<Vote> = {}): Vote => ({
  approverId,
  planHash: 'h1',
  decision: 'approved',
  expiresAt: new Date(now.getTime() + 3600_000),
  approverRole: 'approver',
  approverDisabled: false,
  ...overrides,
});

describe('approving a plan', () => {
  it('is for approvers only, and never the requester', () => {
    expect(canDecidePlan(actor('approver'), plan(), [], now)).toEqual({ allowed: true });
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      expect(canDecidePlan(actor(role, `${role}-2`), plan(), [], now)).toMatchObject({ allowed: false, kind: 'forbidden', reason: expect.stringContaining('needs the approver role') });
    }
    const requester = actor('approver', 'approver-1');
    expect(canDecidePlan(requester, plan({ requestedBy: 'approver-1' }), [], now)).toMatchObject({ kind: 'forbidden', reason: expect.stringContaining('you requested this plan') });
    // An operator who planned is told that first: the approver role would not help them either.
    expect(canDecidePlan(actor('operator'), plan(), [], now)).toMatchObject({ kind: 'forbidden', reason: 'you requested this plan: someone else must approve it' });
  });

  it('refuses a superseded, rejected, expired or deployed plan, one that failed its checks, an unprotected environment and a second decision', () => {
    for (const status of ['superseded', 'rejected', 'deployed', 'deploying', 'failed'] as const) {
      expect(canDecidePlan(actor('approver'), plan({ status }), [], now)).toMatchObject({ allowed: false, kind: 'conflict' });
    }
    const old = plan({ createdAt: new Date(now.getTime() - 25 * 3600_000) });
    expect(effectiveStatus(old, now)).toBe('expired');
    expect(canDecidePlan(actor('approver'), old, [], now)).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('expired') });
    expect(canDecidePlan(actor('approver'), plan({ checksPassed: false }), [], now)).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('checks') });
    expect(canDecidePlan(actor('approver'), plan({ protected: false }), [], now)).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('not protected') });
    expect(canDecidePlan(actor('approver'), plan(), [vote('approver-1')], now)).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('already') });
  });
});

describe('deploying a plan', () => {
  it('needs the operator or admin role', () => {
    for (const role of ['viewer', 'approver'] as const) expect(canDeployPlan(actor(role), plan({ protected: false }), [], now)).toMatchObject({ kind: 'forbidden' });
    for (const role of ['operator', 'admin'] as const) expect(canDeployPlan(actor(role), plan({ protected: false }), [], now)).toEqual({ allowed: true });
  });

  it('needs the required number of live approvals bound to the plan hash where the environment is protected', () => {
    const operator = actor('operator');
    expect(canDeployPlan(operator, plan(), [], now)).toMatchObject({ kind: 'conflict', reason: 'prod is protected: this plan needs 2 approvals and has 0' });
    expect(canDeployPlan(operator, plan(), [vote('a'), vote('b')], now)).toEqual({ allowed: true });
    // Bound to another hash, expired, a rejection, or the requester's own: none counts.
    const votes = [vote('a'), vote('b', { planHash: 'h0' }), vote('c', { expiresAt: new Date(now.getTime() - 1) }), vote('d', { decision: 'rejected' }), vote('operator-1')];
    expect(validApprovals(plan(), votes, now).map((v) => v.approverId)).toEqual(['a']);
    expect(canDeployPlan(operator, plan(), votes, now)).toMatchObject({ allowed: false, reason: expect.stringContaining('has 1') });
  });

  it('counts an approval only while its approver is enabled and still an approver, and says why not', () => {
    const disabled = vote('b', { approverDisabled: true });
    const demoted = vote('c', { approverRole: 'viewer' });
    expect(canDeployPlan(actor('operator'), plan(), [vote('a'), disabled, demoted], now)).toMatchObject({ allowed: false, reason: expect.stringContaining('has 1') });
    expect(whyApprovalDoesNotCount(plan(), disabled, now)).toBe('its approver has been disabled since');
    expect(whyApprovalDoesNotCount(plan(), demoted, now)).toBe('its approver no longer holds the approver role (now viewer)');
    expect(whyApprovalDoesNotCount(plan(), vote('d', { expiresAt: now }), now)).toBe('it expired');
    expect(whyApprovalDoesNotCount(plan(), vote('e', { planHash: 'h0' }), now)).toContain('another hash');
    expect(whyApprovalDoesNotCount(plan(), vote('operator-1'), now)).toContain('requester');
    expect(whyApprovalDoesNotCount(plan(), vote('a'), now)).toBeNull();
  });

  it('refuses a plan that is not open or failed its checks, approved or not', () => {
    const approved = [vote('a'), vote('b')];
    expect(canDeployPlan(actor('operator'), plan({ status: 'superseded' }), approved, now)).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('superseded') });
    expect(canDeployPlan(actor('operator'), plan({ checksPassed: false, protected: false }), [], now)).toMatchObject({ kind: 'conflict' });
    expect(canDeployPlan(actor('operator'), plan({ createdAt: new Date(0) }), approved, now)).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('expired') });
  });
});
