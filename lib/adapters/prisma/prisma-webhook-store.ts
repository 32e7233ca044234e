import type { Prisma } from '@/lib/generated/prisma/client';
import { NotFound } from '@/lib/core/errors';
import type { NotificationEvent, NotificationEventType } from '@/lib/core/notifications/notification-event';
import type { AttemptOutcome, DeliveryRecord, DeliveryStatus, DeliveryWork, WebhookRecord, WebhookStore } from '@/lib/core/notifications/webhook-ports';
import type { WebhookFormat } from '@/lib/core/notifications/webhook-request';
import type { AuditEntry, SealedSecret } from '@/lib/core/ports';
import type { Db } from './prisma-client';
import { writeAuditEvent } from './write-audit-event';

const webhookColumns = {
  id: true,
  name: true,
  urlHint: true,
  format: true,
  events: true,
  createdAt: true,
  environment: { select: { name: true } },
  creator: { select: { email: true } },
} as const;

type WebhookRow = { id: string; name: string; urlHint: string; format: string; events: string[]; createdAt: Date; environment: { name: string }; creator: { email: string } };

const toWebhook = ({ environment, creator, format, events, ...row }: WebhookRow): WebhookRecord => ({
  ...row,
  environment: environment.name,
  createdBy: creator.email,
  format: format as WebhookFormat,
  events: events as NotificationEventType[],
});

const deliveryColumns = { id: true, webhookId: true, event: true, status: true, attempts: true, lastStatusCode: true, lastResponse: true, createdAt: true, updatedAt: true, deliveredAt: true } as const;

const toDelivery = (row: Omit<DeliveryRecord, 'status'> & { status: string }): DeliveryRecord => ({ ...row, status: row.status as DeliveryStatus });

export class PrismaWebhookStore implements WebhookStore {
  constructor(private readonly db: Db) {}

  async createWebhook(
    input: Omit<WebhookRecord, 'createdAt' | 'createdBy' | 'environment'> & { environment: string; createdBy: string; sealed: SealedSecret },
    audit: AuditEntry,
  ): Promise<WebhookRecord> {
    return this.db.$transaction(async (tx) => {
      const environment = await tx.environment.findUnique({ where: { name: input.environment }, select: { id: true } });
      if (!environment) throw new NotFound(`no environment named ${input.environment}`);
      const row = await tx.webhook.create({
        data: {
          id: input.id,
          environmentId: environment.id,
          name: input.name,
          urlHint: input.urlHint,
          format: input.format,
          events: input.events,
          sealedCiphertext: new Uint8Array(input.sealed.ciphertext),
          sealedKeyId: input.sealed.keyId,
          createdBy: input.createdBy,
        },
        select: webhookColumns,
      });
      await writeAuditEvent(tx, audit);
      return toWebhook(row);
    });
  }

  async findWebhooks(environment: string | null): Promise<WebhookRecord[]> {
    const rows = await this.db.webhook.findMany({
      where: environment === null ? {} : { environment: { name: environment } },
      select: webhookColumns,
      orderBy: { createdAt: 'desc' },
      take: environment === null ? 10_000 : 100,
    });
    return rows.map(toWebhook);
  }

  async getWebhook(environment: string, id: string): Promise<WebhookRecord> {
    const row = await this.db.webhook.findFirst({ where: { id, environment: { name: environment } }, select: webhookColumns });
    if (!row) throw new NotFound('no such webhook');
    return toWebhook(row);
  }

  async deleteWebhook(environment: string, id: string, audit: AuditEntry): Promise<WebhookRecord> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.webhook.findFirst({ where: { id, environment: { name: environment } }, select: webhookColumns });
      if (!row) throw new NotFound('no such webhook');
      await tx.webhook.delete({ where: { id } });
      await writeAuditEvent(tx, audit);
      return toWebhook(row);
    });
  }

  async createDeliveries(deliveries: { id: string; webhookId: string }[], event: NotificationEvent): Promise<DeliveryRecord[]> {
    if (deliveries.length === 0) return [];
    const payload = event as unknown as Prisma.InputJsonValue;
    const rows = await this.db.webhookDelivery.createManyAndReturn({
      data: deliveries.map((d) => ({ id: d.id, webhookId: d.webhookId, event: event.type, payload })),
      select: deliveryColumns,
    });
    return rows.map(toDelivery);
  }

  async findDeliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]> {
    const rows = await this.db.webhookDelivery.findMany({ where: { webhookId }, select: deliveryColumns, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
    return rows.map(toDelivery);
  }

  async loadDelivery(id: string): Promise<DeliveryWork | null> {
    const row = await this.db.webhookDelivery.findUnique({
      where: { id },
      select: { ...deliveryColumns, payload: true, webhook: { select: { ...webhookColumns, sealedCiphertext: true, sealedKeyId: true } } },
    });
    if (!row) return null;
    const { payload, webhook, ...delivery } = row;
    const { sealedCiphertext, sealedKeyId, ...hook } = webhook;
    return {
      delivery: toDelivery(delivery),
      // Written by createDeliveries from a NotificationEvent; only this store writes the column.
      payload: payload as unknown as NotificationEvent,
      webhook: { ...toWebhook(hook), sealed: { keyId: sealedKeyId, ciphertext: Buffer.from(sealedCiphertext) } },
    };
  }

  async recordAttempt(id: string, outcome: AttemptOutcome, now: Date): Promise<DeliveryRecord> {
    const row = await this.db.webhookDelivery.update({
      where: { id },
      data: {
        status: outcome.status,
        attempts: { increment: 1 },
        lastStatusCode: outcome.statusCode,
        lastResponse: outcome.response,
        updatedAt: now,
        ...(outcome.status === 'delivered' ? { deliveredAt: now } : {}),
      },
      select: deliveryColumns,
    });
    return toDelivery(row);
  }
}
