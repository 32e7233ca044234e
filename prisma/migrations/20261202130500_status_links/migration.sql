-- Share links to environment status pages: only the SHA-256 of each link's random 256-bit token is
-- stored. Admins create (optionally expiring), list and revoke them; revoking keeps the row.

CREATE TABLE "status_links" (
    "id" UUID NOT NULL,
    "environment_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" UUID,
    "last_used_at" TIMESTAMPTZ(3),
    CONSTRAINT "status_links_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "status_links_token_hash_check" CHECK ("token_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "status_links_revoked_check" CHECK (("revoked_at" IS NULL) = ("revoked_by" IS NULL))
);

CREATE UNIQUE INDEX "status_links_token_hash_key" ON "status_links"("token_hash");
CREATE INDEX "status_links_environment_id_idx" ON "status_links"("environment_id");

ALTER TABLE "status_links" ADD CONSTRAINT "status_links_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "status_links" ADD CONSTRAINT "status_links_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "status_links" ADD CONSTRAINT "status_links_revoked_by_fkey" FOREIGN KEY ("revoked_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
