import type { UserRecord, UserStore } from '@/lib/core/ports';
import type { Db } from './prisma-client';
import { writeAuditEvent } from './write-audit-event';

const userColumns = { id: true, subject: true, email: true, name: true, role: true } as const;

export class PrismaUserStore implements UserStore {
  constructor(private readonly db: Db) {}

  async upsertFromSignIn(input: Omit<UserRecord, 'id'>, requestId: string): Promise<UserRecord> {
    return this.db.$transaction(async (tx) => {
      const previous = await tx.user.findUnique({ where: { subject: input.subject }, select: { role: true, disabledAt: true } });
      const user = await tx.user.upsert({
        where: { subject: input.subject },
        create: { ...input, lastLoginAt: new Date() },
        update: { email: input.email, name: input.name, role: input.role, lastLoginAt: new Date(), disabledAt: null },
        select: userColumns,
      });
      if (previous?.disabledAt) {
        await writeAuditEvent(tx, { actor: null, action: 'user.enabled', targetType: 'user', targetName: user.email, requestId, summary: `signed in again as ${user.role}` });
      }
      if (previous?.role !== user.role) {
        await writeAuditEvent(tx, {
          actor: null,
          action: previous ? 'user.role-changed' : 'user.created',
          targetType: 'user',
          targetName: user.email,
          requestId,
          summary: previous ? `role ${previous.role} → ${user.role} from identity provider groups` : `first sign-in as ${user.role}`,
        });
      }
      return user;
    });
  }

  async disableFromSignIn(subject: string, requestId: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { subject }, select: { id: true, email: true, disabledAt: true } });
      if (!user || user.disabledAt) return false;
      const now = new Date();
      await tx.user.update({ where: { id: user.id }, data: { disabledAt: now } });
      const revoked = await tx.apiToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
      await writeAuditEvent(tx, {
        actor: null,
        action: 'user.disabled',
        targetType: 'user',
        targetName: user.email,
        requestId,
        summary: `identity provider groups grant no role any more; ${revoked.count} API token(s) revoked`,
      });
      return true;
    });
  }

  async getUser(id: string): Promise<UserRecord | null> {
    return this.db.user.findFirst({ where: { id, disabledAt: null }, select: userColumns });
  }
}
