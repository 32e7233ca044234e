import type { ClusterConnection } from '@/lib/core/clusters/connection-test';

/** Opens a registered cluster's connection, with a fingerprint of its stored address and credential. */
export type ConnectCluster = (name: string) => Promise<{ connection: ClusterConnection; fingerprint: string }>;

/**
 * One client (one small connection pool) per registered cluster, replaced when its stored address
 * or credential changes (a renewed credential), the old one closed.
 */
export class PerCluster<T extends { close(): Promise<void> }> {
  private readonly cache = new Map<string, { fingerprint: string; client: T }>();

  constructor(
    private readonly connect: ConnectCluster,
    private readonly build: (connection: ClusterConnection) => T,
  ) {}

  async get(name: string): Promise<T> {
    const { connection, fingerprint } = await this.connect(name);
    const cached = this.cache.get(name);
    if (cached?.fingerprint === fingerprint) return cached.client;
    const client = this.build(connection);
    this.cache.set(name, { fingerprint, client });
    if (cached) void cached.client.close();
    return client;
  }
}
