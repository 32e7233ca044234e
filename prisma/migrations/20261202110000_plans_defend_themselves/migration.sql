-- The database refuses what the code refuses, whoever writes (the console's role or the owner):
-- a plan's gating columns are fixed once it is made and its status only moves forward, its
-- objects are append-only, and only an enabled approver may approve or reject it. Without this,
-- moving requested_by aside for a moment, lowering approvals_required or swapping an approved
-- object's desired state needed nothing but the console's database role.

-- What approvals and deploys are judged on never changes after the insert. Only the status moves,
-- and it moves exactly as the code moves it:
--   open      -> superseded (a newer plan), rejected (a rejection), deploying (a run is created)
--   deploying -> deployed (the run succeeded), failed (the run failed or was interrupted)
-- ("expired" is read, not written: an open plan past its expiry counts as expired.) closed_at and
-- closed_reason are written with a status change, never rewritten afterwards.
CREATE FUNCTION "guard_plan_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW."id", NEW."environment_id", NEW."revision_number", NEW."requested_by", NEW."hash", NEW."cluster", NEW."namespace",
      NEW."flags", NEW."summary", NEW."checks", NEW."checks_passed", NEW."protected", NEW."approvals_required", NEW."approval_expiry_hours", NEW."created_at")
     IS DISTINCT FROM
     (OLD."id", OLD."environment_id", OLD."revision_number", OLD."requested_by", OLD."hash", OLD."cluster", OLD."namespace",
      OLD."flags", OLD."summary", OLD."checks", OLD."checks_passed", OLD."protected", OLD."approvals_required", OLD."approval_expiry_hours", OLD."created_at") THEN
    RAISE EXCEPTION 'a plan is fixed once made: only its status moves' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."status" = OLD."status" THEN
    IF (NEW."closed_at", NEW."closed_reason") IS DISTINCT FROM (OLD."closed_at", OLD."closed_reason") THEN
      RAISE EXCEPTION 'a plan''s closing is written with its status, never rewritten' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NOT ((OLD."status" = 'open' AND NEW."status" IN ('superseded', 'rejected', 'deploying'))
       OR (OLD."status" = 'deploying' AND NEW."status" IN ('deployed', 'failed'))) THEN
    RAISE EXCEPTION 'a plan''s status only moves forward: % to % is refused', OLD."status", NEW."status" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "plans_guard_update" BEFORE UPDATE ON "plans"
  FOR EACH ROW EXECUTE FUNCTION "guard_plan_update"();

-- Every plan starts open: one written straight into "deploying" or "deployed" would skip approval.
CREATE FUNCTION "guard_plan_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."status" <> 'open' OR NEW."closed_at" IS NOT NULL OR NEW."closed_reason" IS NOT NULL THEN
    RAISE EXCEPTION 'a plan starts open' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "plans_guard_insert" BEFORE INSERT ON "plans"
  FOR EACH ROW EXECUTE FUNCTION "guard_plan_insert"();

-- What a plan applies is what was reviewed: its objects are history (no UPDATE, DELETE or
-- TRUNCATE; the grants narrow the console's role to SELECT and INSERT on the next db:migrate).
CREATE TRIGGER "plan_objects_append_only" BEFORE UPDATE OR DELETE ON "plan_objects"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_rewrite"();
CREATE TRIGGER "plan_objects_refuse_truncate" BEFORE TRUNCATE ON "plan_objects"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_rewrite"();

-- Approvals: besides never the requester's and always bound to the plan's hash, only from a user
-- who holds the approver role and is enabled when the decision is written.
CREATE OR REPLACE FUNCTION "refuse_unbound_approval"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  plan_row "plans"%ROWTYPE;
  approver_row "users"%ROWTYPE;
BEGIN
  SELECT * INTO plan_row FROM "plans" WHERE "id" = NEW."plan_id";
  IF plan_row."requested_by" = NEW."approver_id" THEN
    RAISE EXCEPTION 'the requester of a plan may not approve or reject it' USING ERRCODE = 'check_violation';
  END IF;
  IF plan_row."hash" <> NEW."plan_hash" THEN
    RAISE EXCEPTION 'an approval must be bound to the plan''s hash' USING ERRCODE = 'check_violation';
  END IF;
  SELECT * INTO approver_row FROM "users" WHERE "id" = NEW."approver_id";
  IF approver_row."role" IS DISTINCT FROM 'approver' OR approver_row."disabled_at" IS NOT NULL THEN
    RAISE EXCEPTION 'only an enabled user with the approver role may approve or reject a plan' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
