import type { DeployTargetDto, EnvironmentSummaryDto, RevisionDto, RevisionSummaryDto } from '@/lib/core/contract/responses';
import type { DeployTargetRecord, EnvironmentSummary, RevisionRecord, RevisionSummary } from '@/lib/core/ports';

export function toEnvironmentSummaryDto(environment: EnvironmentSummary): EnvironmentSummaryDto {
  return { ...environment, updatedAt: environment.updatedAt.toISOString() };
}

/** A revision in a list: who changed it, when and why (the spec is fetched one revision at a time). */
export function toRevisionSummaryDto(record: RevisionSummary): RevisionSummaryDto {
  return {
    name: record.environment,
    revision: record.number,
    specHash: record.specHash,
    changeNote: record.changeNote,
    author: { name: record.author.name, email: record.author.email },
    createdAt: record.createdAt.toISOString(),
  };
}

/** The API's view of one revision: the spec plus who changed it, when and why. */
export function toRevisionDto(record: RevisionRecord): RevisionDto {
  // specProblems: what today's rules refuse in an old revision; nothing is planned from it.
  return { ...toRevisionSummaryDto(record), spec: record.spec, specProblems: record.specProblems };
}

export function toDeployTargetDto(target: DeployTargetRecord): DeployTargetDto {
  return {
    cluster: target.cluster,
    namespace: target.namespace,
    protected: target.protected,
    claimedAt: target.claimedAt.toISOString(),
    /** Set when the environment moved away: still held until an admin releases it. */
    leftAt: target.leftAt?.toISOString() ?? null,
  };
}

export type { RevisionDto };
