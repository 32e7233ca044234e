-- People: identified by the OIDC subject alone (an email may be reused or changed), with a
-- server-side session version that sign-out, disabling and role changes bump, an optional sealed
-- refresh token so roles can be re-read from the identity provider between sign-ins, and who
-- disabled them (an admin's disable survives the next sign-in; the identity provider's does not).
DROP INDEX "users_email_key";
CREATE INDEX "users_email_idx" ON "users"("email");
ALTER TABLE "users" ADD COLUMN "email_verified" BOOLEAN;
ALTER TABLE "users" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "users" ADD COLUMN "disabled_by" TEXT;
ALTER TABLE "users" ADD COLUMN "disabled_reason" TEXT;
ALTER TABLE "users" ADD COLUMN "idp_refresh_ciphertext" BYTEA;
ALTER TABLE "users" ADD COLUMN "idp_refresh_key_id" TEXT;
ALTER TABLE "users" ADD COLUMN "roles_checked_at" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD CONSTRAINT "users_disabled_by_check" CHECK ("disabled_by" IS NULL OR "disabled_by" IN ('admin', 'identity-provider'));
UPDATE "users" SET "disabled_by" = 'identity-provider' WHERE "disabled_at" IS NOT NULL;

-- API tokens may be read-only.
ALTER TABLE "api_tokens" ADD COLUMN "scope" TEXT NOT NULL DEFAULT 'read-write';
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_scope_check" CHECK ("scope" IN ('read', 'read-write'));

-- What lists show, kept beside the name so a list never loads the head revision's spec.
ALTER TABLE "environments" ADD COLUMN "tier" TEXT NOT NULL DEFAULT 'development';
ALTER TABLE "environments" ADD COLUMN "protected" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "environments" ADD COLUMN "cluster" TEXT NOT NULL DEFAULT '';
ALTER TABLE "environments" ADD COLUMN "namespace" TEXT NOT NULL DEFAULT '';
ALTER TABLE "environments" ADD COLUMN "head_revision" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "environments" ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "environments" ADD COLUMN "updated_by" TEXT NOT NULL DEFAULT '';
UPDATE "environments" e SET
  "tier" = r."spec"->>'tier',
  "protected" = COALESCE((r."spec"->'protection'->>'protected')::boolean, false),
  "cluster" = r."spec"->>'cluster',
  "namespace" = r."spec"->>'namespace',
  "head_revision" = r."number",
  "updated_at" = r."created_at",
  "updated_by" = u."name"
FROM "environment_revisions" r JOIN "users" u ON u."id" = r."author_id"
WHERE r."environment_id" = e."id"
  AND r."number" = (SELECT max("number") FROM "environment_revisions" x WHERE x."environment_id" = e."id");

-- A deploy target is (cluster, namespace): each namespace an environment renders belongs to one
-- environment at a time. A target once used by a protected environment stays protected, so an
-- unprotected environment can never take over what production left behind.
CREATE TABLE "deploy_targets" (
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "environment_id" UUID,
    "protected" BOOLEAN NOT NULL DEFAULT false,
    "last_environment" TEXT NOT NULL,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "deploy_targets_pkey" PRIMARY KEY ("cluster", "namespace")
);
CREATE INDEX "deploy_targets_environment_id_idx" ON "deploy_targets"("environment_id");
ALTER TABLE "deploy_targets" ADD CONSTRAINT "deploy_targets_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Existing environments claim their namespaces: where two collide, protected environments first,
-- then the oldest; the loser is refused at its next save and must move.
INSERT INTO "deploy_targets" ("cluster", "namespace", "environment_id", "protected", "last_environment")
SELECT e."cluster", e."namespace" || suffix, e."id", e."protected", e."name"
FROM "environments" e CROSS JOIN (VALUES (''), ('-monitoring'), ('-tracing')) AS s(suffix)
WHERE e."cluster" <> ''
ORDER BY e."protected" DESC, e."created_at"
ON CONFLICT DO NOTHING;
