import { AesGcmSecretBox } from '@/lib/adapters/crypto/aes-gcm-secret-box';
import { OidcIdentityProvider } from '@/lib/adapters/oidc/oidc-identity-provider';
import { KubeClusterGateway } from '@/lib/adapters/kubernetes/kube-cluster-gateway';
import { KubeClusterProbe } from '@/lib/adapters/kubernetes/kube-cluster-probe';
import { PrismaApiTokenStore } from '@/lib/adapters/prisma/prisma-api-token-store';
import { PrismaAuditLog } from '@/lib/adapters/prisma/prisma-audit-log';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { PrismaClusterStore } from '@/lib/adapters/prisma/prisma-cluster-store';
import { PrismaEnvironmentStore } from '@/lib/adapters/prisma/prisma-environment-store';
import { PrismaIdempotencyStore } from '@/lib/adapters/prisma/prisma-idempotency-store';
import { PrismaPlanStore } from '@/lib/adapters/prisma/prisma-plan-store';
import { cachingToolRunner } from '@/lib/adapters/tools/caching-tool-runner';
import { runTool } from '@/lib/adapters/tools/run-tool';
import { PrismaUserStore } from '@/lib/adapters/prisma/prisma-user-store';
import type { Role } from '@/lib/core/auth/roles';
import type { ClusterGateways } from '@/lib/core/deploy/cluster-gateway';
import type { ApiTokenStore, AuditLog, ClusterProbe, ClusterStore, EnvironmentStore, IdempotencyStore, IdentityProvider, PlanStore, SecretBox, UserStore } from '@/lib/core/ports';
import type { ToolRunner } from '@/manifests/validate/tool-runner';
import { getEnv } from '@/lib/env';
import { CachedClusterGateways } from './clusters/cached-cluster-gateways';

// The one place that constructs adapters. Use cases receive Deps, so tests can build their own
// against a fresh database.

/** Settings use cases need, read once from lib/env.ts (tests pass their own). */
export type Settings = {
  /** Identity-provider group → console role. */
  roleGroups: Record<string, Role>;
  /** A browser session's absolute lifetime from sign-in; renewal never extends it. */
  sessionMaxAgeSeconds: number;
  /** API tokens stop when their owner's role was last confirmed by the identity provider longer ago. */
  apiTokenConfirmationDays: number;
};

export type Deps = {
  environments: EnvironmentStore;
  clusters: ClusterStore;
  users: UserStore;
  apiTokens: ApiTokenStore;
  audit: AuditLog;
  secrets: SecretBox;
  identityProvider: IdentityProvider;
  settings: Settings;
  clusterProbe: ClusterProbe;
  /** Kubernetes access for the deploy engine, per registered cluster, from its decrypted credential. */
  clusterGateways: ClusterGateways;
  /** Idempotency-Key answers (lib/server/http/idempotency.ts). */
  idempotency: IdempotencyStore;
  plans: PlanStore;
  /** promtool and amtool for a plan's checks (skipped, and said so, where they are not installed). */
  runTool: ToolRunner;
  now: () => Date;
};

/** For processes that sign nobody in and check no roles (migrate, seed, register the local cluster). */
const offlineIdentityProvider: IdentityProvider = {
  readGroups: async () => ({ kind: 'unavailable', reason: 'this process does not talk to the identity provider' }),
};
const offlineSettings: Settings = { roleGroups: {}, sessionMaxAgeSeconds: 12 * 3600, apiTokenConfirmationDays: 30 };

export function createDeps(options: {
  db: Db;
  keys: Record<string, Buffer>;
  activeKeyId: string;
  identityProvider?: IdentityProvider;
  settings?: Settings;
}): Deps {
  const clusters = new PrismaClusterStore(options.db);
  const secrets = new AesGcmSecretBox(options.keys, options.activeKeyId);
  return {
    environments: new PrismaEnvironmentStore(options.db),
    clusters,
    users: new PrismaUserStore(options.db),
    apiTokens: new PrismaApiTokenStore(options.db),
    audit: new PrismaAuditLog(options.db),
    secrets,
    identityProvider: options.identityProvider ?? offlineIdentityProvider,
    settings: options.settings ?? offlineSettings,
    clusterProbe: new KubeClusterProbe(),
    clusterGateways: new CachedClusterGateways(clusters, secrets, (connection) => new KubeClusterGateway(connection)),
    idempotency: new PrismaIdempotencyStore(options.db),
    plans: new PrismaPlanStore(options.db),
    runTool: cachingToolRunner(runTool),
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
    deps = createDeps({
      db: holder.personapassDb,
      keys: env.CREDENTIAL_KEYS,
      activeKeyId: env.CREDENTIAL_ACTIVE_KEY_ID,
      identityProvider: new OidcIdentityProvider({
        issuer: env.OIDC_ISSUER,
        clientId: env.OIDC_CLIENT_ID,
        clientSecret: env.OIDC_CLIENT_SECRET,
        groupsClaim: env.OIDC_GROUPS_CLAIM,
      }),
      settings: {
        roleGroups: env.OIDC_ROLE_GROUPS,
        sessionMaxAgeSeconds: env.SESSION_MAX_AGE_HOURS * 3600,
        apiTokenConfirmationDays: env.API_TOKEN_CONFIRMATION_DAYS,
      },
    });
  }
  return deps;
}
