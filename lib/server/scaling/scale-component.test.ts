// A scale that deploys at once must ship only itself. Unit-level: createPlan and deployPlan are
// stubbed (the plan "saves" at once with passing checks), so what is exercised is scaleComponent's
// refusal of undeployed changes (refuseUndeployedChanges). The store's query itself is covered by
// scale-component.integration.test.ts.
import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import type { UseCaseContext } from '@/lib/server/context';

vi.mock('../plans/create-plan', () => ({
  createPlan: vi.fn(async (_ctx: unknown, _env: string, input: { components: string[] }, _purpose: string, unsaved: { save: (p: object) => Promise<unknown> }) => {
    await unsaved.save({ checksPassed: true, checks: { problems: [], warnings: [], ran: [], skipped: [] } });
    return { id: 'scale-plan', flags: { components: input.components } };
  }),
}));
vi.mock('../runs/deploy-plan', () => ({ deployPlan: vi.fn(async () => ({ id: 'scale-run' })) }));

const { scaleComponent } = await import('./scale-component');

type Run = { id: string; planId: string; status: string; revisionNumber: number; kind: 'deploy' | 'rollback' };

function world(revisions: EnvironmentSpec[], runs: Run[], plans: Record<string, string[] | null>) {
  const record = (spec: EnvironmentSpec, index: number) => ({ number: index + 1, spec, changeNote: `r${index + 1}`, author: { name: 'someone' } });
  const appended: unknown[] = [];
  const deps = {
    now: () => new Date(),
    environments: {
      findHead: async () => record(revisions.at(-1)!, revisions.length - 1),
      findRevision: async (_env: string, n: number) => (revisions[n - 1] ? record(revisions[n - 1]!, n - 1) : null),
      appendRevision: async (input: { spec: EnvironmentSpec }) => {
        appended.push(input);
        return record(input.spec, revisions.length);
      },
    },
    runs: {
      // Newest first, as the Prisma store answers.
      findRuns: async (_env: string, query: { limit: number }) => ({ items: runs.slice(0, query.limit), nextCursor: null }),
      findLastRunCovering: async (_env: string, component: string) =>
        runs.find((run) => plans[run.planId] === null || plans[run.planId]?.includes(component)) ?? null,
    },
    // The deploy itself is out of scope here: no gate read, no run.
    approvals: { getPlan: async () => null },
  };
  const actor: Actor = { userId: 'u1', email: 'op@x', name: 'Op', role: 'operator', via: 'session', scope: 'read-write', signedInAt: new Date() };
  const ctx = { actor, requestId: 'r', deps } as unknown as UseCaseContext;
  return { ctx, appended };
}

const base = () => starterSpec('probe-dev', 'development');
const withTag = (spec: EnvironmentSpec, tag: string): EnvironmentSpec => ({
  ...spec,
  components: { ...spec.components, 'wallet-api': { ...spec.components['wallet-api'], image: { ...spec.components['wallet-api'].image, tag } } },
});

describe('scaleComponent: a scale that deploys at once ships only itself', () => {
  it('after a rollback that failed half-way (its Deployment applied, its rollout timed out), a scale does not re-ship the head image it rolled back from', async () => {
    // r1: image good (deployed); r2: image bad (deployed, succeeded: pods come up, then misbehave).
    const r1 = withTag(base(), 'good');
    const r2 = withTag(base(), 'bad');
    // Newest first: the rollback to r1 applied wallet-api's Deployment (image good) and failed waiting for its rollout.
    const runs: Run[] = [
      { id: 'rollback', planId: 'p-rollback', status: 'failed', revisionNumber: 1, kind: 'rollback' },
      { id: 'deploy-r2', planId: 'p-r2', status: 'succeeded', revisionNumber: 2, kind: 'deploy' },
      { id: 'deploy-r1', planId: 'p-r1', status: 'succeeded', revisionNumber: 1, kind: 'deploy' },
    ];
    const { ctx, appended } = world([r1, r2], runs, { 'p-rollback': null, 'p-r2': null, 'p-r1': null });
    // The cluster runs image good (the failed rollback applied it); the scale's plan is of the head
    // (image bad) for wallet-api, deployed at once: it must be refused, not ship image bad under "scale".
    const outcome = scaleComponent(ctx, 'probe-dev', { component: 'wallet-api', replicas: 3 });
    await expect(outcome).rejects.toThrow(/not deployed|rollback|failed/);
    await expect(outcome).rejects.toThrow(/rollback run rollback, of revision 1, failed/);
    expect(appended).toHaveLength(0);
  });

  it('a component last deployed more than 100 runs ago is not called "never deployed" and its scale is not refused', async () => {
    const r1 = base();
    // The whole environment deployed once, then 100 runs of another component (the worker) since.
    const runs: Run[] = [
      ...Array.from({ length: 100 }, (_, i): Run => ({ id: `w${i}`, planId: `pw${i}`, status: i % 2 ? 'failed' : 'succeeded', revisionNumber: 1, kind: 'deploy' })),
      { id: 'all', planId: 'p-all', status: 'succeeded', revisionNumber: 1, kind: 'deploy' },
    ];
    const plans: Record<string, string[] | null> = { 'p-all': null };
    for (let i = 0; i < 100; i++) plans[`pw${i}`] = ['credential-worker'];
    const { ctx } = world([r1], runs, plans);
    const outcome = await scaleComponent(ctx, 'probe-dev', { component: 'wallet-api', replicas: 3 });
    expect(outcome.revision.changeNote).toBe('r2');
  });
});
