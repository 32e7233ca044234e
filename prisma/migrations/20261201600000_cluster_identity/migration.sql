-- A cluster is registered once, whatever its name or URL spelling: the connection test records the
-- UID of its kube-system Namespace. Earlier records have none until they are tested again.
ALTER TABLE "clusters" ADD COLUMN "cluster_uid" TEXT;
CREATE UNIQUE INDEX "clusters_cluster_uid_key" ON "clusters"("cluster_uid");

-- When the stored credential stops working, when it says so (bearer token exp, certificate notAfter).
ALTER TABLE "clusters" ADD COLUMN "credential_expires_at" TIMESTAMPTZ(3);
