import type { UserRecord, UserStore } from '@/lib/core/ports';
import type { Db } from './prisma-client';
import { writeAuditEvent } from './write-audit-event';

const userColumns = { id: true, subject: true, email: true, name: true, role: true } as const;

export class PrismaUserStore implements UserStore {
  constructor(private readonly db: Db) {}

  async upsertFromSignIn(input: Omit<UserRecord, 'id'>, requestId: string): Promise<UserRecord> {
    return this.db.$transaction(async (tx) => {
      const previous = await tx.user.findUnique({ where: { subject: input.subject }, select: { role: true } });
      const user = await tx.user.upsert({
        where: { subject: input.subject },
        create: { ...input, lastLoginAt: new Date() },
        update: { email: input.email, name: input.name, role: input.role, lastLoginAt: new Date() },
        select: userColumns,
      });
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

  async getUser(id: string): Promise<UserRecord | null> {
    return this.db.user.findUnique({ where: { id }, select: userColumns });
  }
}
