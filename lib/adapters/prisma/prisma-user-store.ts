import { Forbidden, NotFound } from '@/lib/core/errors';
import type { AuditEntry, Page, RoleCheck, RoleCheckOutcome, RoleCheckResult, SignInProfile, UserRecord, UserStore, UserSummary } from '@/lib/core/ports';
import type { Db, Tx } from './prisma-client';
import { writeAuditEvent } from './write-audit-event';

const userColumns = { id: true, subject: true, email: true, name: true, role: true, sessionVersion: true } as const;

const summaryColumns = {
  ...userColumns,
  emailVerified: true,
  createdAt: true,
  lastLoginAt: true,
  disabledAt: true,
  disabledBy: true,
  disabledReason: true,
  rolesCheckedAt: true,
  rolesConfirmedAt: true,
  idpRefreshKeyId: true,
} as const;

type SummaryRow = {
  id: string;
  subject: string;
  email: string;
  emailVerified: boolean | null;
  name: string;
  role: UserRecord['role'];
  createdAt: Date;
  lastLoginAt: Date | null;
  disabledAt: Date | null;
  disabledBy: string | null;
  disabledReason: string | null;
  rolesCheckedAt: Date | null;
  rolesConfirmedAt: Date | null;
  idpRefreshKeyId: string | null;
};

function toSummary(row: SummaryRow, liveTokens: number): UserSummary {
  return {
    id: row.id,
    subject: row.subject,
    email: row.email,
    emailVerified: row.emailVerified,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
    disabledAt: row.disabledAt,
    disabledBy: row.disabledBy as UserSummary['disabledBy'],
    disabledReason: row.disabledReason,
    liveTokens,
    roleRefresh: row.idpRefreshKeyId ? 'identity-provider' : 'sign-in',
    rolesCheckedAt: row.rolesCheckedAt,
    rolesConfirmedAt: row.rolesConfirmedAt,
  };
}

type RoleCheckRow = { id: string; subject: string; ciphertext: Uint8Array; key_id: string };
const toRoleCheck = (row: RoleCheckRow): RoleCheck => ({ id: row.id, subject: row.subject, refreshToken: { keyId: row.key_id, ciphertext: Buffer.from(row.ciphertext) } });

const system = (requestId: string, action: string, targetName: string, summary: string): AuditEntry => ({
  actor: null,
  action,
  targetType: 'user',
  targetName,
  requestId,
  summary,
});

export class PrismaUserStore implements UserStore {
  constructor(private readonly db: Db) {}

  async upsertFromSignIn(input: SignInProfile, requestId: string): Promise<UserRecord> {
    return this.db.$transaction(async (tx) => {
      await lockUser(tx, { subject: input.subject });
      const previous = await tx.user.findUnique({ where: { subject: input.subject }, select: { role: true, disabledAt: true, disabledBy: true, disabledReason: true } });
      if (previous?.disabledBy === 'admin') {
        throw new Forbidden(`your account was disabled by an admin${previous.disabledReason ? `: ${previous.disabledReason}` : ''}`);
      }
      const refresh = input.refreshToken
        ? { idpRefreshCiphertext: new Uint8Array(input.refreshToken.ciphertext), idpRefreshKeyId: input.refreshToken.keyId, rolesCheckedAt: new Date() }
        : { idpRefreshCiphertext: null, idpRefreshKeyId: null };
      const now = new Date();
      const profile = { email: input.email, emailVerified: input.emailVerified ?? null, name: input.name, role: input.role, lastLoginAt: now, rolesConfirmedAt: now, ...refresh };
      const roleChanged = previous !== null && previous.role !== input.role;
      const user = await tx.user.upsert({
        where: { subject: input.subject },
        create: { subject: input.subject, ...profile },
        update: {
          ...profile,
          disabledAt: null,
          disabledBy: null,
          disabledReason: null,
          // A new role ends the sessions made under the old one.
          ...(roleChanged ? { sessionVersion: { increment: 1 } } : {}),
        },
        select: userColumns,
      });
      if (previous?.disabledAt) {
        await writeAuditEvent(tx, system(requestId, 'user.enabled', user.email, `signed in again as ${user.role}`));
      }
      if (previous?.role !== user.role) {
        const summary = previous ? `role ${previous.role} → ${user.role} from identity provider groups` : `first sign-in as ${user.role}`;
        await writeAuditEvent(tx, system(requestId, previous ? 'user.role-changed' : 'user.created', user.email, summary));
      }
      return user;
    });
  }

  async disableFromSignIn(subject: string, requestId: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      await lockUser(tx, { subject });
      const user = await tx.user.findUnique({ where: { subject }, select: { id: true, disabledAt: true } });
      if (!user || user.disabledAt) return false;
      await disable(tx, user.id, { by: 'identity-provider', reason: 'identity provider groups grant no role' }, (email, revoked) =>
        system(requestId, 'user.disabled', email, `identity provider groups grant no role any more; ${revoked} API token(s) revoked`),
      );
      return true;
    });
  }

  async getUser(id: string): Promise<UserRecord | null> {
    return this.db.user.findFirst({ where: { id, disabledAt: null }, select: userColumns });
  }

  async findUserBySubject(subject: string): Promise<UserRecord | null> {
    return this.db.user.findFirst({ where: { subject, disabledAt: null }, select: userColumns });
  }

  async findUsers(query: { limit: number; cursor?: string; email?: string }): Promise<Page<UserSummary>> {
    // Ordered by id so the cursor is stable however names and emails change.
    const rows = await this.db.user.findMany({
      where: {
        subject: { not: { startsWith: 'system:' } },
        ...(query.email ? { email: { equals: query.email, mode: 'insensitive' } } : {}),
        ...(query.cursor ? { id: { gt: query.cursor } } : {}),
      },
      orderBy: { id: 'asc' },
      take: query.limit + 1,
      select: summaryColumns,
    });
    const page = rows.slice(0, query.limit);
    const counts = await this.liveTokenCounts(page.map((row) => row.id));
    return { items: page.map((row) => toSummary(row, counts.get(row.id) ?? 0)), nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
  }

  async findUserSummary(id: string): Promise<UserSummary | null> {
    const row = await this.db.user.findUnique({ where: { id }, select: summaryColumns });
    return row ? toSummary(row, (await this.liveTokenCounts([id])).get(id) ?? 0) : null;
  }

  async disableUser(input: { id: string; reason: string }, audit: AuditEntry): Promise<UserSummary> {
    await this.db.$transaction(async (tx) => {
      await lockUser(tx, { id: input.id });
      const user = await tx.user.findUnique({ where: { id: input.id }, select: { id: true, disabledBy: true } });
      if (!user) throw new NotFound('no such user');
      if (user.disabledBy === 'admin') return; // disabling twice changes nothing and audits nothing
      await disable(tx, user.id, { by: 'admin', reason: input.reason }, (email, revoked) => ({
        ...audit,
        targetName: email,
        summary: `${audit.summary}; ${revoked} API token(s) revoked, sessions ended`,
      }));
    });
    return (await this.findUserSummary(input.id))!;
  }

  async enableUser(id: string, audit: AuditEntry): Promise<UserSummary> {
    await this.db.$transaction(async (tx) => {
      await lockUser(tx, { id });
      const user = await tx.user.findUnique({ where: { id }, select: { disabledAt: true, email: true } });
      if (!user) throw new NotFound('no such user');
      if (!user.disabledAt) return;
      await tx.user.update({ where: { id }, data: { disabledAt: null, disabledBy: null, disabledReason: null } });
      await writeAuditEvent(tx, { ...audit, targetName: user.email });
    });
    return (await this.findUserSummary(id))!;
  }

  async endSessions(id: string, audit: AuditEntry): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const user = await tx.user.update({ where: { id }, data: { sessionVersion: { increment: 1 } }, select: { email: true } });
      await writeAuditEvent(tx, { ...audit, targetName: user.email });
    });
  }

  async claimRoleChecks(now: Date, checkedBefore: Date, leaseUntil: Date, limit: number): Promise<RoleCheck[]> {
    // One UPDATE ... RETURNING with SKIP LOCKED and a lease: a person is checked by one process at a time.
    const rows = await this.db.$queryRaw<RoleCheckRow[]>`
      UPDATE "users" SET "roles_checked_at" = ${now}, "roles_check_lease_until" = ${leaseUntil}
       WHERE "id" IN (
         SELECT "id" FROM "users"
          WHERE "disabled_at" IS NULL AND "idp_refresh_ciphertext" IS NOT NULL
            AND ("roles_checked_at" IS NULL OR "roles_checked_at" < ${checkedBefore})
            AND ("roles_check_lease_until" IS NULL OR "roles_check_lease_until" < ${now})
          ORDER BY "roles_checked_at" NULLS FIRST
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
      RETURNING "id", "subject", "idp_refresh_ciphertext" AS ciphertext, "idp_refresh_key_id" AS key_id`;
    return rows.map(toRoleCheck);
  }

  async claimRoleCheck(id: string, now: Date, leaseUntil: Date): Promise<RoleCheck | 'busy' | null> {
    return this.db.$transaction(async (tx) => {
      await lockUser(tx, { id });
      const user = await tx.user.findUnique({ where: { id }, select: { disabledAt: true, idpRefreshKeyId: true, rolesCheckLeaseUntil: true } });
      if (!user || user.disabledAt || !user.idpRefreshKeyId) return null;
      if (user.rolesCheckLeaseUntil && user.rolesCheckLeaseUntil >= now) return 'busy';
      const rows = await tx.$queryRaw<RoleCheckRow[]>`
        UPDATE "users" SET "roles_checked_at" = ${now}, "roles_check_lease_until" = ${leaseUntil} WHERE "id" = ${id}::uuid
        RETURNING "id", "subject", "idp_refresh_ciphertext" AS ciphertext, "idp_refresh_key_id" AS key_id`;
      return rows.map(toRoleCheck)[0] ?? null;
    });
  }

  async applyRoleCheck(check: RoleCheck, outcome: RoleCheckOutcome, requestId: string): Promise<RoleCheckResult> {
    const { id } = check;
    return this.db.$transaction(async (tx) => {
      await lockUser(tx, { id });
      const user = await tx.user.findUnique({ where: { id }, select: { role: true, email: true, disabledAt: true, idpRefreshCiphertext: true } });
      const release = { rolesCheckLeaseUntil: null };
      if (!user || user.disabledAt) {
        if (user) await tx.user.update({ where: { id }, data: release });
        return 'unchanged';
      }
      // A sign-in during the check stored a new refresh token and made a new session: what the
      // provider said about the old token is no longer about this person's access.
      if (!user.idpRefreshCiphertext || !Buffer.from(user.idpRefreshCiphertext).equals(check.refreshToken.ciphertext)) {
        await tx.user.update({ where: { id }, data: release });
        return 'superseded';
      }
      switch (outcome.kind) {
        case 'failed':
          await tx.user.update({ where: { id }, data: release });
          return 'failed';
        case 'no-role':
          await tx.user.update({ where: { id }, data: release });
          await disable(tx, id, { by: 'identity-provider', reason: outcome.reason }, (email, revoked) =>
            system(requestId, 'user.disabled', email, `identity provider check: ${outcome.reason}; ${revoked} API token(s) revoked, sessions ended`),
          );
          return 'disabled';
        case 'lost':
          // Nothing says the person lost their role (a deactivated account and an expired refresh
          // token look alike), but nothing can confirm it any more: sessions end, and API tokens are
          // suspended (not revoked) until the person signs in again.
          await tx.user.update({
            where: { id },
            data: { ...release, idpRefreshCiphertext: null, idpRefreshKeyId: null, rolesConfirmedAt: null, sessionVersion: { increment: 1 } },
          });
          await writeAuditEvent(
            tx,
            system(requestId, 'user.role-check-lost', user.email, `${outcome.reason}; sessions ended, API tokens suspended until the next sign-in`),
          );
          return 'lost';
        case 'role': {
          const refresh = outcome.refreshToken
            ? { idpRefreshCiphertext: new Uint8Array(outcome.refreshToken.ciphertext), idpRefreshKeyId: outcome.refreshToken.keyId }
            : {};
          const confirmed = { ...release, ...refresh, rolesConfirmedAt: new Date() };
          if (outcome.role === user.role) {
            await tx.user.update({ where: { id }, data: confirmed });
            return 'unchanged';
          }
          await tx.user.update({ where: { id }, data: { ...confirmed, role: outcome.role, sessionVersion: { increment: 1 } } });
          await writeAuditEvent(tx, system(requestId, 'user.role-changed', user.email, `role ${user.role} → ${outcome.role} from an identity provider check; sessions ended`));
          return 'role-changed';
        }
      }
    });
  }

  private async liveTokenCounts(userIds: string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const groups = await this.db.apiToken.groupBy({
      by: ['userId'],
      where: { userId: { in: userIds }, revokedAt: null, expiresAt: { gt: new Date() } },
      _count: { _all: true },
    });
    return new Map(groups.map((group) => [group.userId, group._count._all]));
  }
}

/**
 * Every change of a person's access takes their row lock first, so a sign-in, an identity-provider
 * check and an admin's disable or enable happen one after the other: none decides on a row another
 * is about to change (an admin's disable is never undone by a sign-in already under way).
 */
async function lockUser(tx: Tx, where: { id: string } | { subject: string }): Promise<void> {
  if ('id' in where) await tx.$queryRaw`SELECT 1 FROM "users" WHERE "id" = ${where.id}::uuid FOR UPDATE`;
  else await tx.$queryRaw`SELECT 1 FROM "users" WHERE "subject" = ${where.subject} FOR UPDATE`;
}

/** Disables a user in the caller's transaction: sessions end, live tokens are revoked, one audit event. */
async function disable(
  tx: Tx,
  id: string,
  how: { by: 'admin' | 'identity-provider'; reason: string },
  audit: (email: string, revokedTokens: number) => AuditEntry,
): Promise<void> {
  const now = new Date();
  const user = await tx.user.update({
    where: { id },
    data: { disabledAt: now, disabledBy: how.by, disabledReason: how.reason, sessionVersion: { increment: 1 } },
    select: { email: true },
  });
  const revoked = await tx.apiToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } });
  await writeAuditEvent(tx, audit(user.email, revoked.count));
}
