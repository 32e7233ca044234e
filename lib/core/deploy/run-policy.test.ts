import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/roles';
import { canCancelRun } from './run-policy';

const actor = (role: Actor['role']): Actor => ({ userId: 'u', email: 'u@example.test', name: 'U', role, via: 'session', signedInAt: new Date() });

describe('canCancelRun', () => {
  it('lets operators and admins cancel a queued run, nobody a running or ended one', () => {
    expect(canCancelRun(actor('operator'), { status: 'queued' })).toEqual({ allowed: true });
    expect(canCancelRun(actor('admin'), { status: 'queued' })).toEqual({ allowed: true });
    expect(canCancelRun(actor('viewer'), { status: 'queued' })).toMatchObject({ allowed: false, kind: 'forbidden' });
    expect(canCancelRun(actor('approver'), { status: 'queued' })).toMatchObject({ allowed: false, kind: 'forbidden' });
    expect(canCancelRun(actor('admin'), { status: 'running' })).toMatchObject({ allowed: false, kind: 'conflict', reason: 'the run is running: only a queued run can be cancelled' });
    expect(canCancelRun(actor('operator'), { status: 'succeeded' })).toMatchObject({ allowed: false, kind: 'conflict' });
  });
});
