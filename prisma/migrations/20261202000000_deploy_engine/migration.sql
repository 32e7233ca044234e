-- The deploy engine: plans (what a revision would change on its cluster, bound by a hash),
-- approvals bound to that hash, durable deploy runs with per-object outcomes and an event log for
-- live progress, the inventory of what the console applied per environment, and idempotency keys.

CREATE TABLE "plans" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "revision_number" INTEGER NOT NULL,
    "requested_by" UUID NOT NULL,
    -- open | superseded | rejected | expired | deploying | deployed | failed
    "status" TEXT NOT NULL DEFAULT 'open',
    "hash" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flags" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "checks" JSONB NOT NULL,
    "checks_passed" BOOLEAN NOT NULL,
    "approvals_required" INTEGER NOT NULL,
    "approval_expiry_hours" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "closed_reason" TEXT,
    CONSTRAINT "plans_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "plans_status_check" CHECK ("status" IN ('open', 'superseded', 'rejected', 'expired', 'deploying', 'deployed', 'failed'))
);
CREATE INDEX "plans_environment_id_created_at_idx" ON "plans"("environment_id", "created_at" DESC);
ALTER TABLE "plans" ADD CONSTRAINT "plans_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "plans" ADD CONSTRAINT "plans_requested_by_fkey" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One row per object of a plan, in apply order; the diff is kept as text (unified YAML).
CREATE TABLE "plan_objects" (
    "plan_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "object_id" TEXT NOT NULL,
    "api_version" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "wave" TEXT NOT NULL,
    -- create | update | unchanged | delete
    "action" TEXT NOT NULL,
    "desired" JSONB,
    "live_resource_version" TEXT,
    "diff" TEXT NOT NULL,
    CONSTRAINT "plan_objects_pkey" PRIMARY KEY ("plan_id", "seq"),
    CONSTRAINT "plan_objects_action_check" CHECK ("action" IN ('create', 'update', 'unchanged', 'delete'))
);
ALTER TABLE "plan_objects" ADD CONSTRAINT "plan_objects_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "approvals" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "plan_hash" TEXT NOT NULL,
    "approver_id" UUID NOT NULL,
    -- approved | rejected
    "decision" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "approvals_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "approvals_decision_check" CHECK ("decision" IN ('approved', 'rejected'))
);
CREATE UNIQUE INDEX "approvals_plan_id_approver_id_key" ON "approvals"("plan_id", "approver_id");
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_approver_id_fkey" FOREIGN KEY ("approver_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Nobody approves their own plan, and an approval is bound to the plan's hash: the database
-- refuses both, whoever writes.
CREATE FUNCTION "refuse_unbound_approval"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  plan_row "plans"%ROWTYPE;
BEGIN
  SELECT * INTO plan_row FROM "plans" WHERE "id" = NEW."plan_id";
  IF plan_row."requested_by" = NEW."approver_id" THEN
    RAISE EXCEPTION 'the requester of a plan may not approve or reject it' USING ERRCODE = 'check_violation';
  END IF;
  IF plan_row."hash" <> NEW."plan_hash" THEN
    RAISE EXCEPTION 'an approval must be bound to the plan''s hash' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "approvals_bound" BEFORE INSERT OR UPDATE ON "approvals"
  FOR EACH ROW EXECUTE FUNCTION "refuse_unbound_approval"();

CREATE TABLE "deploy_runs" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "requested_by" UUID NOT NULL,
    -- queued | running | succeeded | failed | interrupted
    "status" TEXT NOT NULL DEFAULT 'queued',
    "kind" TEXT NOT NULL DEFAULT 'deploy',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3),
    CONSTRAINT "deploy_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "deploy_runs_status_check" CHECK ("status" IN ('queued', 'running', 'succeeded', 'failed', 'interrupted')),
    CONSTRAINT "deploy_runs_kind_check" CHECK ("kind" IN ('deploy', 'rollback'))
);
-- One active run per environment.
CREATE UNIQUE INDEX "deploy_runs_one_active_per_environment" ON "deploy_runs"("environment_id") WHERE "status" IN ('queued', 'running');
CREATE INDEX "deploy_runs_environment_id_created_at_idx" ON "deploy_runs"("environment_id", "created_at" DESC);
ALTER TABLE "deploy_runs" ADD CONSTRAINT "deploy_runs_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "deploy_runs" ADD CONSTRAINT "deploy_runs_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "deploy_runs" ADD CONSTRAINT "deploy_runs_requested_by_fkey" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Each object's outcome as the run goes, so a resumed run starts at the first one not applied.
CREATE TABLE "deploy_run_objects" (
    "run_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "object_id" TEXT NOT NULL,
    "wave" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    -- pending | applied | unchanged | pruned | failed
    "status" TEXT NOT NULL DEFAULT 'pending',
    "message" TEXT,
    "resource_version" TEXT,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "deploy_run_objects_pkey" PRIMARY KEY ("run_id", "seq"),
    CONSTRAINT "deploy_run_objects_status_check" CHECK ("status" IN ('pending', 'applied', 'unchanged', 'pruned', 'failed'))
);
ALTER TABLE "deploy_run_objects" ADD CONSTRAINT "deploy_run_objects_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "deploy_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Progress as an ordered log, so a browser that reconnects resumes after its last event id.
CREATE TABLE "deploy_run_events" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "deploy_run_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "deploy_run_events_run_id_id_idx" ON "deploy_run_events"("run_id", "id");
ALTER TABLE "deploy_run_events" ADD CONSTRAINT "deploy_run_events_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "deploy_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- What the console applied for an environment (its last successful run): deletions are planned
-- from here, never from a label search across the cluster.
CREATE TABLE "inventory" (
    "environment_id" UUID NOT NULL,
    "object_id" TEXT NOT NULL,
    "api_version" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "inventory_pkey" PRIMARY KEY ("environment_id", "object_id")
);
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "deploy_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Idempotency-Key on create-plan, approve and deploy: the same key from the same caller on the
-- same route answers the same, and does nothing twice.
CREATE TABLE "idempotency_keys" (
    "user_id" UUID NOT NULL,
    "route" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER,
    "body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("user_id", "route", "key")
);
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Approvals and run events are history.
CREATE TRIGGER "approvals_append_only" BEFORE UPDATE OR DELETE ON "approvals"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_rewrite"();
CREATE TRIGGER "approvals_refuse_truncate" BEFORE TRUNCATE ON "approvals"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_rewrite"();
CREATE TRIGGER "deploy_run_events_append_only" BEFORE UPDATE OR DELETE ON "deploy_run_events"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_rewrite"();
CREATE TRIGGER "deploy_run_events_refuse_truncate" BEFORE TRUNCATE ON "deploy_run_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_rewrite"();
