// npm run bench:plan — how long planning production takes against the testbed (npm run stack:up):
// the prod starter spec in namespaces granted to the console as an administrator grants them, one
// plan on the empty target (cold: promtool runs the alerts' unit tests), then five re-plans of what
// is deployed (the everyday case: rules unchanged, so promtool's answers are reused), median printed
// beside the goal (a prod plan within 2 s), with where the time goes. Prints figures; asserts nothing.
import { randomBytes, randomUUID } from 'node:crypto';
import { createPrismaClient } from '@/lib/adapters/prisma/prisma-client';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createDeps } from '@/lib/server/deps';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { checkRender } from '@/lib/server/plans/check-render';
import { compareWithCluster } from '@/lib/server/plans/compare-with-cluster';
import { createPlan, planConcurrency } from '@/lib/server/plans/create-plan';
import { carryOutPlan, grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { appliedForm } from '@/lib/core/deploy/plan-object-form';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { toPlain } from '@/manifests/kube-object';
import { renderPlatform } from '@/manifests/render-platform';
import { runTool } from '@/lib/adapters/tools/run-tool';
import { createBenchDatabase } from './bench-database';

const runs = 5;
const goalMs = 2_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function main() {
  const database = await createBenchDatabase();
  const db = createPrismaClient(database.appUrl);
  const deps = createDeps({ db, keys: { b1: randomBytes(32) }, activeKeyId: 'b1' });
  const environment = `bench-${Date.now().toString(36)}`;
  const namespace = `personapass-${environment}`;
  const cluster = `bench-testbed-${Date.now().toString(36)}`;
  const grant = await grantTestbedNamespaces(environment, namespace);
  try {
    await registerTestbedAs(deps, cluster);
    const user = await deps.users.upsertFromSignIn({ subject: 'bench:admin', email: 'admin@personapass.test', name: 'Admin', role: 'admin' }, randomUUID());
    const ctx = { actor: { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' as const, signedInAt: new Date() }, requestId: randomUUID(), deps };
    const spec = { ...starterSpec(environment, 'production'), cluster, namespace };
    await createEnvironment(ctx, { spec, changeNote: 'bench:plan' });

    console.log(`bench:plan: production (${renderPlatform(spec).length} objects) on the testbed as the console's ServiceAccount, ${planConcurrency} objects at a time within a wave`);
    const [first, firstMs] = await timed(() => createPlan(ctx, environment));
    console.log(`plan on the empty target, cold: ${firstMs.toFixed(0)} ms (${first.summary.byAction.create} to create, ${first.summary.byAction.update} to update)`);
    await carryOutPlan(deps, db, first.id);

    const times: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const [plan, ms] = await timed(() => createPlan(ctx, environment));
      times.push(ms);
      console.log(`re-plan ${run}: ${ms.toFixed(0)} ms (${plan.summary.changes === 0 ? 'no changes' : `${plan.summary.changes} changes`})`);
    }
    // Where the time goes: the checks (promtool and amtool are separate processes) run beside the cluster comparison.
    const rendered = renderPlatform(spec);
    const gateway = await deps.clusterGateways.forCluster(cluster);
    const [, coldChecksMs] = await timed(() => checkRender(spec, rendered, runTool));
    const [, checksMs] = await timed(() => checkRender(spec, rendered, deps.runTool));
    const [, compareMs] = await timed(() => compareWithCluster(gateway, rendered.map((o) => appliedForm(toPlain(o) as PlainObject)), { force: false, concurrency: planConcurrency }));
    const result = median(times);
    console.log(
      `parts, measured alone: checks ${coldChecksMs.toFixed(0)} ms cold, ${checksMs.toFixed(0)} ms with promtool's answers reused (schema, policy, promtool, amtool); cluster comparison ${compareMs.toFixed(0)} ms (a read and a dry-run per object)`,
    );
    console.log(`median of ${runs} prod plans: ${result.toFixed(0)} ms; goal ≤ ${goalMs} ms: ${result <= goalMs ? 'met' : 'NOT met'} (${(result / goalMs).toFixed(2)}× the goal)`);
  } finally {
    await grant.revoke();
    await db.$disconnect();
    await database.drop();
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error('bench:plan failed:', error);
  process.exit(1);
});
