-- A plan carries its own approval gate: protected when the planned revision or the environment's
-- head at planning time is (the stricter of them), no longer read from the planned revision alone. Plans made before this column existed keep the gate of their revision.
ALTER TABLE "plans" ADD COLUMN "protected" BOOLEAN NOT NULL DEFAULT true;
UPDATE "plans" p
   SET "protected" = COALESCE((r."spec"->'protection'->>'protected')::boolean, true) OR p."approvals_required" > 0
  FROM "environment_revisions" r
 WHERE r."environment_id" = p."environment_id" AND r."number" = p."revision_number";

-- The deploy's drift check compares a fingerprint of the live object as the apply sees it (status,
-- server-owned metadata and replicas an autoscaler owns left out), not its resourceVersion, which
-- every pod restart and scale step moves. Null for plans made before, and for objects the console
-- may not read.
ALTER TABLE "plan_objects" ADD COLUMN "live_fingerprint" TEXT;
