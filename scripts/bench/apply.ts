// npm run bench:apply — the console's deploy against `kubectl apply --server-side` on the testbed
// (npm run stack:up postgres kube), five runs each, medians and ratios:
//   - the production platform (its rendered objects) and a synthetic set of 300 ConfigMaps, each
//     into freshly granted, empty namespaces: the console's run up to the end of its last wave (the
//     worker's claim, the drift check and every wave, 16 objects at a time; not the rollout wait,
//     which kubectl does not do) against kubectl applying the same rendered YAML, both as the
//     console's ServiceAccount. The console is a long-running server, so its discovery cache and
//     connection pool are warm from the plan, as they are in use; kubectl keeps its discovery cache
//     on disk between runs;
//   - a no-op re-deploy: its time and how many objects it wrote (resourceVersions that moved);
//   - the time to plan production (empty target, and again once deployed).
// Goals: the console ≤ 0.5× kubectl's time, a no-op re-apply with zero writes, a prod plan ≤ 2 s.
// Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBenchDatabase, useBenchDatabaseAsConsole } from './bench-database';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const kubectl = execFileSync('bash', ['-c', 'source scripts/stack/config.sh && source scripts/stack/lib.sh && pp_need_bin kube kubectl'], { encoding: 'utf8' }).trim();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const database = await createBenchDatabase();
  useBenchDatabaseAsConsole(database);
  const { getDeps } = await import('@/lib/server/deps');
  const { createEnvironment } = await import('@/lib/server/environments/create-environment');
  const { createPlan } = await import('@/lib/server/plans/create-plan');
  const { deployPlan } = await import('@/lib/server/runs/deploy-plan');
  const { executeDeployRun } = await import('@/lib/server/runs/execute-deploy-run');
  const { starterSpec } = await import('@/lib/core/environments/starter-specs');
  const { insertPlan } = await import('@/lib/test-support/plan-fixtures');
  const { grantTestbedNamespaces, registerTestbedAs } = await import('@/lib/test-support/testbed-environment');
  const { provideRedisVolume } = await import('@/lib/test-support/testbed-volumes');
  const { stackDir } = await import('@/scripts/stack/test-support');
  const { renderPlatform } = await import('@/manifests/render-platform');
  const { toPlain } = await import('@/manifests/kube-object');
  // A rollout that cannot finish fails the run within a minute instead of the default ten.
  const deps = { ...getDeps(), deploy: { ...getDeps().deploy, rolloutTimeoutSeconds: 60, applyConcurrency: Number(process.env.BENCH_CONCURRENCY ?? getDeps().deploy.applyConcurrency) } };
  const db = (globalThis as unknown as { personapassDb: import('@/lib/adapters/prisma/prisma-client').Db }).personapassDb;
  const cluster = `bench-${randomUUID().slice(0, 8)}`;
  await registerTestbedAs(deps, cluster);
  const adminUser = await deps.users.upsertFromSignIn({ subject: 'bench:admin', email: 'admin@personapass.test', name: 'Admin', role: 'admin' }, randomUUID());
  const actor = { userId: adminUser.id, email: adminUser.email, name: adminUser.name, role: adminUser.role, via: 'session' as const, signedInAt: new Date() };
  const ctx = { actor, requestId: randomUUID(), deps };
  const { approvePlan } = await import('@/lib/server/approvals/approve-plan');
  const approvers = await Promise.all(
    [1, 2].map(async (n) => {
      const user = await deps.users.upsertFromSignIn({ subject: `bench:approver${n}`, email: `approver${n}@personapass.test`, name: `Approver ${n}`, role: 'approver' }, randomUUID());
      return { actor: { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' as const }, requestId: randomUUID(), deps };
    }),
  );
  // Production deploys after two approvals; the bench times the apply, not the approving.
  const approveTwice = async (planId: string) => {
    for (const approver of approvers) await approvePlan(approver, planId, { comment: 'bench' });
  };
  const grants: Array<{ revoke: () => Promise<void> }> = [];
  const workDir = mkdtempSync(path.join(tmpdir(), 'bench-apply-'));
  const consoleKubeconfig = path.join(stackDir, 'kube', 'console.kubeconfig');

  async function freshEnvironment(tier: 'production' | 'development') {
    const envName = `bench-${randomUUID().slice(0, 8)}`;
    const spec = { ...starterSpec(envName, tier), cluster };
    grants.push(await grantTestbedNamespaces(envName, spec.namespace));
    if (tier === 'production') grants.push((({ remove }) => ({ revoke: remove }))(await provideRedisVolume(spec.namespace)));
    await createEnvironment(ctx, { spec, changeNote: 'bench:apply' });
    return spec;
  }
  /** A deploy run as the worker executes it; returns the time from its start to the end of its last wave (claim, drift check, waves) and its whole time. */
  async function consoleDeploy(planId: string) {
    const queued = await deployPlan(ctx, planId);
    const started = Date.now();
    const t0 = performance.now();
    await executeDeployRun(deps, queued.id, 'bench');
    const total = performance.now() - t0;
    const run = (await deps.runs.getRun(queued.id))!;
    if (run.status !== 'succeeded') throw new Error(`run ${run.id} ${run.status}: ${run.error}`);
    const marks = await db.deployRunEvent.findMany({ where: { runId: queued.id, type: { in: ['step', 'wave.started', 'wave.finished'] } }, orderBy: { id: 'asc' }, select: { type: true, createdAt: true } });
    const lastWave = marks.filter((mark) => mark.type === 'wave.finished').at(-1);
    const firstWave = marks.find((mark) => mark.type === 'wave.started');
    // Same host, so the database's clock and this process's agree to well under a millisecond.
    const apply = lastWave ? lastWave.createdAt.getTime() - started : total;
    // Where it goes: up to the first wave (claim, checks, drift check) and the waves themselves.
    const beforeWaves = firstWave ? firstWave.createdAt.getTime() - started : 0;
    return { apply, beforeWaves, total, run };
  }
  function kubectlApply(objects: unknown[]): number {
    const file = path.join(workDir, `${randomUUID()}.yaml`);
    // JSON documents are YAML that kubectl's YAML 1.1 reader cannot misread ("yes" stays a string).
    writeFileSync(file, objects.map((object) => JSON.stringify(object)).join('\n---\n'));
    const t0 = performance.now();
    execFileSync(kubectl, ['--kubeconfig', consoleKubeconfig, 'apply', '--server-side', '--field-manager=bench-kubectl', '-f', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    return performance.now() - t0;
  }
  async function resourceVersions(objects: Array<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }>) {
    const gateway = await deps.clusterGateways.forCluster(cluster);
    return Promise.all(objects.filter((o) => o.kind !== 'Secret').map(async (o) => (await gateway.get({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }))?.metadata.resourceVersion));
  }

  const figures = { prodConsole: [] as number[], prodBeforeWaves: [] as number[], prodConsoleRun: [] as number[], prodKubectl: [] as number[], synthConsole: [] as number[], synthKubectl: [] as number[], noopTime: [] as number[], noopWrites: [] as number[], noopKubectlWrites: [] as number[], planEmpty: [] as number[], planDeployed: [] as number[] };
  let prodObjects = 0;
  console.log(`bench:apply: ${runs} runs each on the testbed, as the console's ServiceAccount; kubectl ${kubectl}`);
  for (let i = 0; i < runs; i++) {
    // Production: plan (timed), deploy with the console; the same rendered objects with kubectl into another fresh environment.
    const spec = await freshEnvironment('production');
    let t0 = performance.now();
    const plan = await createPlan(ctx, spec.name);
    figures.planEmpty.push(performance.now() - t0);
    await approveTwice(plan.id);
    const consoleRun = await consoleDeploy(plan.id);
    prodObjects = consoleRun.run.objects.length;
    figures.prodConsole.push(consoleRun.apply);
    figures.prodBeforeWaves.push(consoleRun.beforeWaves);
    figures.prodConsoleRun.push(consoleRun.total);

    const other = await freshEnvironment('production');
    const rendered = renderPlatform(other).map((object) => toPlain(object)).filter((object) => (object as { kind: string }).kind !== 'Namespace');
    figures.prodKubectl.push(kubectlApply(rendered));

    // No-op: plan again (timed) and deploy; count the objects whose resourceVersion moved.
    const objects = renderPlatform(spec).map((object) => toPlain(object)) as Array<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }>;
    const before = await resourceVersions(objects);
    t0 = performance.now();
    const again = await createPlan(ctx, spec.name);
    figures.planDeployed.push(performance.now() - t0);
    await approveTwice(again.id);
    const noop = await consoleDeploy(again.id);
    figures.noopTime.push(noop.total);
    const after = await resourceVersions(objects);
    figures.noopWrites.push(after.filter((version, index) => version !== before[index]).length);
    const kubectlBefore = await resourceVersions(rendered as typeof objects);
    kubectlApply(rendered);
    const kubectlAfter = await resourceVersions(rendered as typeof objects);
    figures.noopKubectlWrites.push(kubectlAfter.filter((version, index) => version !== kubectlBefore[index]).length);

    // 300 ConfigMaps.
    const synth = await freshEnvironment('development');
    const configMaps = (namespace: string) => Array.from({ length: 300 }, (_, n) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bench-${n}`, namespace, labels: { 'app.kubernetes.io/managed-by': 'personapass-console' } }, data: { n: String(n), pad: 'x'.repeat(512) } }));
    const synthPlan = await insertPlan(db, { environment: synth.name, requestedBy: adminUser.id, objects: configMaps(synth.namespace).map((object) => ({ object, action: 'create' as const })) });
    figures.synthConsole.push((await consoleDeploy(synthPlan.id)).apply);
    const synthOther = await freshEnvironment('development');
    figures.synthKubectl.push(kubectlApply(configMaps(synthOther.namespace)));
    console.log(`run ${i + 1}: prod console ${seconds(figures.prodConsole.at(-1)!)} (whole run ${seconds(figures.prodConsoleRun.at(-1)!)}), kubectl ${seconds(figures.prodKubectl.at(-1)!)}; 300 objects console ${seconds(figures.synthConsole.at(-1)!)}, kubectl ${seconds(figures.synthKubectl.at(-1)!)}; no-op ${seconds(figures.noopTime.at(-1)!)} with ${figures.noopWrites.at(-1)} writes; plan ${seconds(figures.planEmpty.at(-1)!)} (empty), ${seconds(figures.planDeployed.at(-1)!)} (deployed)`);
  }

  const ratio = (a: number[], b: number[]) => median(a) / median(b);
  const verdict = (met: boolean) => (met ? 'goal met' : 'GOAL MISSED');
  const prodRatio = ratio(figures.prodConsole, figures.prodKubectl);
  const synthRatio = ratio(figures.synthConsole, figures.synthKubectl);
  console.log('');
  console.log(`production platform (${prodObjects} objects): console ${seconds(median(figures.prodConsole))} vs kubectl ${seconds(median(figures.prodKubectl))}: ${prodRatio.toFixed(2)}× (goal ≤ 0.5×: ${verdict(prodRatio <= 0.5)}), of which ${seconds(median(figures.prodBeforeWaves))} before its first wave (claim, checks, drift check); the console's whole run with its rollout wait ${seconds(median(figures.prodConsoleRun))}`);
  console.log(`300 ConfigMaps: console ${seconds(median(figures.synthConsole))} vs kubectl ${seconds(median(figures.synthKubectl))}: ${synthRatio.toFixed(2)}× (goal ≤ 0.5×: ${verdict(synthRatio <= 0.5)})`);
  console.log(`no-op re-deploy of production: ${seconds(median(figures.noopTime))}, ${median(figures.noopWrites)} objects written by resourceVersion, Secrets not counted (goal 0: ${verdict(median(figures.noopWrites) === 0)}); kubectl's no-op re-apply moved ${median(figures.noopKubectlWrites)}`);
  console.log(`plan production: ${seconds(median(figures.planEmpty))} on an empty target, its first checks cold (goal ≤ 2 s: ${verdict(median(figures.planEmpty) <= 2000)}), ${seconds(median(figures.planDeployed))} once deployed (${verdict(median(figures.planDeployed) <= 2000)})`);
  console.log(`medians of ${runs} runs`);

  for (const grant of grants) await grant.revoke().catch(() => undefined);
  await (deps.jobs as { stop?: () => Promise<void> }).stop?.();
  await db.$disconnect();
  await database.drop();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error('bench:apply failed:', error);
  process.exit(1);
});
