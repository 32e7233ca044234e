import { Conflict } from '@/lib/core/errors';
import { deployTargetsOf } from '@/lib/core/environments/deploy-targets';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { Tx } from './prisma-client';

/**
 * Makes the environment the holder of the namespaces its spec renders, in the revision's
 * transaction. The primary key (cluster, namespace) lets one environment hold a target; the
 * conditional upsert refuses a target held by another environment, or one a protected environment
 * has held when the claimant is not protected (its holder keeps it whatever an admin does to its
 * protection). Row locks make concurrent claims wait and lose. Namespaces the environment moves
 * away from stay held as "left behind" (its objects may still run there) until an admin releases
 * them, so nobody else adopts a running copy of the platform.
 */
export async function claimDeployTargets(tx: Tx, environment: { id: string; name: string }, spec: EnvironmentSpec): Promise<void> {
  const targets = deployTargetsOf(spec);
  const wanted = targets.map((target) => `${target.cluster}/${target.namespace}`);
  await tx.$executeRaw`
    UPDATE "deploy_targets" SET "left_at" = CURRENT_TIMESTAMP
     WHERE "environment_id" = ${environment.id}::uuid AND "left_at" IS NULL AND ("cluster" || '/' || "namespace") <> ALL(${wanted}::text[])`;
  for (const target of targets) {
    const claimed = await tx.$queryRaw<Array<{ cluster: string }>>`
      INSERT INTO "deploy_targets" ("cluster", "namespace", "environment_id", "protected", "last_environment")
      VALUES (${target.cluster}, ${target.namespace}, ${environment.id}::uuid, ${spec.protection.protected}, ${environment.name})
      ON CONFLICT ("cluster", "namespace") DO UPDATE
         SET "environment_id" = EXCLUDED."environment_id",
             "protected" = "deploy_targets"."protected" OR EXCLUDED."protected",
             "last_environment" = EXCLUDED."last_environment",
             "left_at" = NULL,
             "claimed_at" = CASE WHEN "deploy_targets"."environment_id" IS NOT DISTINCT FROM EXCLUDED."environment_id"
                                 THEN "deploy_targets"."claimed_at" ELSE CURRENT_TIMESTAMP END
       WHERE "deploy_targets"."environment_id" = EXCLUDED."environment_id"
          OR ("deploy_targets"."environment_id" IS NULL AND (NOT "deploy_targets"."protected" OR EXCLUDED."protected"))
      RETURNING "cluster"`;
    if (claimed.length === 0) throw await refusal(tx, target);
  }
}

async function refusal(tx: Tx, target: { cluster: string; namespace: string }): Promise<Conflict> {
  const holder = await tx.deployTarget.findUnique({
    where: { cluster_namespace: target },
    select: { protected: true, lastEnvironment: true, leftAt: true, environment: { select: { name: true } } },
  });
  const where = `namespace ${target.namespace} on cluster ${target.cluster}`;
  const details = { path: 'spec.namespace', cluster: target.cluster, namespace: target.namespace, environment: holder?.environment?.name ?? holder?.lastEnvironment };
  if (holder?.environment && holder.leftAt) {
    return new Conflict(
      `${where} was left behind by environment ${holder.environment.name} on ${holder.leftAt.toISOString()} and may still hold its objects; an admin releases it once it is empty`,
      { ...details, leftAt: holder.leftAt.toISOString() },
    );
  }
  if (holder?.environment) {
    return new Conflict(`${where} belongs to environment ${holder.environment.name}; two environments can never share a deploy target`, details);
  }
  return new Conflict(
    `${where} was used by the protected environment ${holder?.lastEnvironment ?? '(unknown)'}; only a protected environment may take it`,
    details,
  );
}
