-- A user whose identity-provider groups no longer map to a role is disabled at their next sign-in
-- attempt: sessions and API tokens stop working at once.
ALTER TABLE "users" ADD COLUMN "disabled_at" TIMESTAMPTZ(3);
