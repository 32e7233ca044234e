import { AesGcmSecretBox } from '@/lib/adapters/crypto/aes-gcm-secret-box';
import { KubeClusterProbe } from '@/lib/adapters/kubernetes/kube-cluster-probe';
import { PrismaApiTokenStore } from '@/lib/adapters/prisma/prisma-api-token-store';
import { PrismaAuditLog } from '@/lib/adapters/prisma/prisma-audit-log';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { PrismaClusterStore } from '@/lib/adapters/prisma/prisma-cluster-store';
import { PrismaEnvironmentStore } from '@/lib/adapters/prisma/prisma-environment-store';
import { PrismaUserStore } from '@/lib/adapters/prisma/prisma-user-store';
import type { ApiTokenStore, AuditLog, ClusterProbe, ClusterStore, EnvironmentStore, SecretBox, UserStore } from '@/lib/core/ports';
import { getEnv } from '@/lib/env';

// The one place that constructs adapters. Use cases receive Deps, so tests can build their own
// against a fresh database.

export type Deps = {
  environments: EnvironmentStore;
  clusters: ClusterStore;
  users: UserStore;
  apiTokens: ApiTokenStore;
  audit: AuditLog;
  secrets: SecretBox;
  clusterProbe: ClusterProbe;
  now: () => Date;
};

export function createDeps(options: { db: Db; keys: Record<string, Buffer>; activeKeyId: string }): Deps {
  return {
    environments: new PrismaEnvironmentStore(options.db),
    clusters: new PrismaClusterStore(options.db),
    users: new PrismaUserStore(options.db),
    apiTokens: new PrismaApiTokenStore(options.db),
    audit: new PrismaAuditLog(options.db),
    secrets: new AesGcmSecretBox(options.keys, options.activeKeyId),
    clusterProbe: new KubeClusterProbe(),
    now: () => new Date(),
  };
}

// One connection pool per process, kept on globalThis because Next may load this module once per
// route bundle (and again on every dev reload). The adapters are cheap and stay per module copy,
// so the errors they throw come from the same copy as the code that catches them.
const holder = globalThis as unknown as { personapassDb?: Db };
let deps: Deps | undefined;

export function getDeps(): Deps {
  if (!deps) {
    const env = getEnv();
    holder.personapassDb ??= createPrismaClient(env.DATABASE_URL);
    deps = createDeps({ db: holder.personapassDb, keys: env.CREDENTIAL_KEYS, activeKeyId: env.CREDENTIAL_ACTIVE_KEY_ID });
  }
  return deps;
}
