import { NotFound } from '@/lib/core/errors';
import type { AuditEntry, ClusterProvisioning, ClusterRecord, ClusterStore, SealedSecret } from '@/lib/core/ports';
import type { Db } from './prisma-client';
import { translatePrismaError } from './prisma-errors';
import { writeAuditEvent } from './write-audit-event';

type ClusterRow = {
  name: string;
  apiServerUrl: string;
  caBundle: string;
  credentialKind: string;
  credentialKeyId: string;
  credentialCiphertext: Uint8Array;
  clusterUid: string | null;
  credentialExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

// Only this mapping sees ciphertext; findClusters never selects it.
function toRecord(row: Omit<ClusterRow, 'credentialKeyId' | 'credentialCiphertext'>): ClusterRecord {
  return {
    name: row.name,
    apiServerUrl: row.apiServerUrl,
    caBundle: row.caBundle,
    credentialKind: row.credentialKind as ClusterRecord['credentialKind'],
    clusterUid: row.clusterUid,
    credentialExpiresAt: row.credentialExpiresAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const publicColumns = {
  name: true,
  apiServerUrl: true,
  caBundle: true,
  credentialKind: true,
  clusterUid: true,
  credentialExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export class PrismaClusterStore implements ClusterStore {
  constructor(private readonly db: Db) {}

  async findProvisioning(): Promise<ClusterProvisioning[]> {
    const rows = await this.db.clusterProvisioning.findMany({ orderBy: { name: 'asc' }, take: 100 });
    return rows.map((row) => ({ ...row, state: row.state as ClusterProvisioning['state'] }));
  }

  async setProvisioning(name: string, state: Omit<ClusterProvisioning, 'name' | 'updatedAt'> | null): Promise<void> {
    if (!state) {
      await this.db.clusterProvisioning.deleteMany({ where: { name } });
      return;
    }
    const data = { ...state, updatedAt: new Date() };
    await this.db.clusterProvisioning.upsert({ where: { name }, create: { name, ...data }, update: data });
  }

  async findClusters(): Promise<ClusterRecord[]> {
    const rows = await this.db.cluster.findMany({ select: publicColumns, orderBy: { name: 'asc' }, take: 500 });
    return rows.map(toRecord);
  }

  async findCluster(name: string): Promise<(ClusterRecord & { credential: SealedSecret }) | null> {
    const row = await this.db.cluster.findUnique({ where: { name } });
    if (!row) return null;
    return {
      ...toRecord(row),
      credential: { keyId: row.credentialKeyId, ciphertext: Buffer.from(row.credentialCiphertext) },
    };
  }

  async findClusterByUid(clusterUid: string): Promise<ClusterRecord | null> {
    const row = await this.db.cluster.findUnique({ where: { clusterUid }, select: publicColumns });
    return row ? toRecord(row) : null;
  }

  async createCluster(input: ClusterRecord & { credential: SealedSecret }, audit: AuditEntry): Promise<ClusterRecord> {
    try {
      return await this.db.$transaction(async (tx) => {
        const row = await tx.cluster.create({
          data: {
            name: input.name,
            apiServerUrl: input.apiServerUrl,
            caBundle: input.caBundle,
            credentialKind: input.credentialKind,
            credentialKeyId: input.credential.keyId,
            credentialCiphertext: new Uint8Array(input.credential.ciphertext),
            clusterUid: input.clusterUid,
            credentialExpiresAt: input.credentialExpiresAt,
          },
          select: publicColumns,
        });
        await writeAuditEvent(tx, audit);
        return toRecord(row);
      });
    } catch (error) {
      translatePrismaError(error, `a cluster named ${input.name}, or registered for the same cluster, already exists`);
    }
  }

  async updateCluster(input: ClusterRecord & { credential?: SealedSecret }, audit: AuditEntry): Promise<ClusterRecord> {
    try {
      return await this.updateInTransaction(input, audit);
    } catch (error) {
      translatePrismaError(error, `another cluster is registered for the cluster behind ${input.apiServerUrl}`);
    }
  }

  private updateInTransaction(input: ClusterRecord & { credential?: SealedSecret }, audit: AuditEntry): Promise<ClusterRecord> {
    return this.db.$transaction(async (tx) => {
      const existing = await tx.cluster.findUnique({ where: { name: input.name }, select: { id: true } });
      if (!existing) throw new NotFound(`no cluster named ${input.name}`);
      const row = await tx.cluster.update({
        where: { id: existing.id },
        data: {
          updatedAt: new Date(),
          clusterUid: input.clusterUid,
          // The credential is sealed to the URL and CA: they change together or not at all, so an
          // update without a credential can never pair the stored one with another address.
          ...(input.credential
            ? {
                apiServerUrl: input.apiServerUrl,
                caBundle: input.caBundle,
                credentialKind: input.credentialKind,
                credentialKeyId: input.credential.keyId,
                credentialCiphertext: new Uint8Array(input.credential.ciphertext),
                credentialExpiresAt: input.credentialExpiresAt,
              }
            : {}),
        },
        select: publicColumns,
      });
      await writeAuditEvent(tx, audit);
      return toRecord(row);
    });
  }
}
