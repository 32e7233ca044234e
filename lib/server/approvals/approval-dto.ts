import type { ApprovalRecord } from '@/lib/core/deploy/deploy-ports';
import type { ApprovalDto } from '@/lib/core/deploy/run-contract';

export function toApprovalDto(record: ApprovalRecord): ApprovalDto {
  return {
    id: record.id,
    planId: record.planId,
    planHash: record.planHash,
    decision: record.decision,
    comment: record.comment,
    approver: { name: record.approver.name, email: record.approver.email },
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
  };
}
