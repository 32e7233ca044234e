import type { Db } from '@/lib/adapters/prisma/prisma-client';
import type { PlanObjectRecord } from '@/lib/core/ports';
import type { PlainObject } from '@/lib/core/deploy/cluster-gateway';
import type { Deps } from '@/lib/server/deps';
import { adminKubeConfig, applyObjects, consoleEnvironmentObjects, deleteObjects } from '@/scripts/stack/test-support';
import { ensureCluster } from './fixture-cluster';
import { testbedCluster } from './testbed-cluster';

// An environment of its own on the shared testbed: its three namespaces granted to the console's
// ServiceAccount exactly as a cluster administrator grants them (console-environment.yaml), and the
// testbed registered under a name of the test's own (a fixture identity, so it stands beside any
// real registration of the testbed).

export async function grantTestbedNamespaces(environment: string, namespace: string): Promise<{ revoke: () => Promise<void> }> {
  const grant = consoleEnvironmentObjects(environment, namespace);
  await applyObjects(adminKubeConfig(), grant);
  return { revoke: () => deleteObjects(adminKubeConfig(), grant) };
}

export function registerTestbedAs(deps: Deps, name: string): Promise<void> {
  return ensureCluster(deps, name, { ...testbedCluster(name), name });
}

/**
 * Carries a plan out the way a deploy run does until the deploy engine lands: applies its objects
 * in order through the gateway, deletes what it deletes, and records the run and the inventory.
 */
export async function carryOutPlan(deps: Deps, db: Db, planId: string): Promise<void> {
  const plan = (await deps.plans.findPlan(planId))!;
  const gateway = await deps.clusterGateways.forCluster(plan.cluster);
  const objects: PlanObjectRecord[] = [];
  for (let after: number | undefined; ; ) {
    const page = await deps.plans.findPlanObjects(planId, { limit: 500, after });
    objects.push(...page.items);
    if (!page.nextCursor) break;
    after = Number(page.nextCursor);
  }
  for (const object of objects) {
    if (object.action === 'create' || object.action === 'update') await gateway.apply(object.desired as PlainObject, { force: plan.flags.force });
    if (object.action === 'delete') await gateway.delete({ apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace || undefined, name: object.name });
  }
  const environment = await db.environment.findUniqueOrThrow({ where: { name: plan.environment }, select: { id: true } });
  const run = await db.deployRun.create({ data: { planId, environmentId: environment.id, requestedBy: plan.requestedBy.id, status: 'succeeded', startedAt: new Date(), finishedAt: new Date() } });
  // Through deploying, as a run moves it: the database lets a plan's status only move forward that way.
  await db.plan.update({ where: { id: planId }, data: { status: 'deploying' } });
  await db.plan.update({ where: { id: planId }, data: { status: 'deployed', closedAt: new Date(), closedReason: 'deployed by a test' } });
  for (const object of objects) {
    const key = { environmentId_objectId: { environmentId: environment.id, objectId: object.objectId } };
    if (object.action === 'delete') await db.inventoryItem.deleteMany({ where: { environmentId: environment.id, objectId: object.objectId } });
    else {
      const row = { apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace, name: object.name, runId: run.id };
      await db.inventoryItem.upsert({ where: key, create: { environmentId: environment.id, objectId: object.objectId, ...row }, update: row });
    }
  }
}
