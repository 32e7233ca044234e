-- Roles re-checked with the identity provider: a lease so a person is checked by one console
-- process at a time (a refresh token used twice at once can revoke the whole grant at rotating
-- providers), and when the provider last confirmed the role (API tokens stop when that gets old).
ALTER TABLE "users" ADD COLUMN "roles_check_lease_until" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD COLUMN "roles_confirmed_at" TIMESTAMPTZ(3);
UPDATE "users" SET "roles_confirmed_at" = "last_login_at";

-- History records when it happened, not when a writer says it happened.
CREATE FUNCTION "stamp_history_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."created_at" := CURRENT_TIMESTAMP;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "environment_revisions_stamp_created_at" BEFORE INSERT ON "environment_revisions"
  FOR EACH ROW EXECUTE FUNCTION "stamp_history_insert"();
CREATE TRIGGER "audit_events_stamp_created_at" BEFORE INSERT ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "stamp_history_insert"();

-- A namespace an environment moves away from stays held by it ("left behind": its objects may
-- still run there) until an admin releases it, so no other environment adopts a running platform.
ALTER TABLE "deploy_targets" ADD COLUMN "left_at" TIMESTAMPTZ(3);
