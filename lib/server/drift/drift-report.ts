import type { DriftReport } from '@/lib/core/drift/drift-contract';
import type { DriftCheckRecord } from '@/lib/core/ports';

export function driftReportOf(environment: string, check: DriftCheckRecord | null, deployedRevision: number | null): DriftReport {
  if (!check) return { environment, status: 'never-checked', checkedAt: null, revision: deployedRevision, objects: [], error: null };
  return { environment, status: check.status, checkedAt: check.checkedAt.toISOString(), revision: check.revision, objects: check.objects, error: check.error };
}
