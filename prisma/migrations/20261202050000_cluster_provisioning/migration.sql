-- A cluster that is being brought up (the demo builds and starts its Kubernetes testbed in the
-- background): what it is doing and when it should be ready, shown on the cluster and environment
-- pages and given as the reason deploy buttons wait.
CREATE TABLE "cluster_provisioning" (
    "name" TEXT NOT NULL,
    -- building | starting | failed
    "state" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "ready_by" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "cluster_provisioning_pkey" PRIMARY KEY ("name"),
    CONSTRAINT "cluster_provisioning_state_check" CHECK ("state" IN ('building', 'starting', 'failed'))
);
