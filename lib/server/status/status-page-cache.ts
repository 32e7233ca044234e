import type { StatusPage } from '@/lib/core/status/status-contract';

/**
 * Status pages by environment for a few seconds, shared by every viewer of this process; one
 * build at a time per environment (concurrent viewers wait for the same one). A failed build is
 * not kept.
 */
export class StatusPageCache {
  private readonly entries = new Map<string, { until: number; page: Promise<StatusPage> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(environment: string, build: () => Promise<StatusPage>): Promise<StatusPage> {
    const now = this.clock();
    const entry = this.entries.get(environment);
    if (entry && entry.until > now) return entry.page;
    for (const [key, stale] of this.entries) if (stale.until <= now) this.entries.delete(key);
    const page = build();
    this.entries.set(environment, { until: now + this.ttlMs, page });
    page.catch(() => this.entries.get(environment)?.page === page && this.entries.delete(environment));
    return page;
  }
}
