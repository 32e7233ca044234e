import { traceIdOf } from '@/lib/core/deploy/trace-id';
import type { RunEventRecord, RunObjectRecord, RunRecord } from '@/lib/core/deploy/deploy-ports';
import type { RunDto, RunEventDto, RunObjectDto, WorkerPresence } from '@/lib/core/deploy/run-contract';

const iso = (date: Date | null) => date?.toISOString() ?? null;
const who = (person: { name: string; email: string }) => ({ name: person.name, email: person.email });

export function toRunObjectDto(object: RunObjectRecord): RunObjectDto {
  return {
    seq: object.seq,
    objectId: object.objectId,
    kind: object.kind,
    namespace: object.namespace,
    name: object.name,
    wave: object.wave,
    action: object.action,
    status: object.status,
    message: object.message,
    finishedAt: iso(object.finishedAt),
  };
}

export function toRunDto(run: RunRecord & { objects?: RunObjectRecord[] }, workers?: WorkerPresence): RunDto {
  return {
    id: run.id,
    planId: run.planId,
    traceId: traceIdOf(run.id),
    environment: run.environment,
    kind: run.kind,
    status: run.status,
    requestedBy: who(run.requester),
    approvers: run.approvers.map(who),
    planHash: run.planHash,
    revision: run.revisionNumber,
    cluster: run.cluster,
    error: run.error,
    attempts: run.attempts,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    counts: run.counts,
    ...(run.objects ? { objects: run.objects.map(toRunObjectDto) } : {}),
    ...(workers ? { workers } : {}),
  };
}

export function toRunEventDto(event: RunEventRecord): RunEventDto {
  return { id: event.id, type: event.type, payload: event.payload, createdAt: event.createdAt.toISOString() };
}
