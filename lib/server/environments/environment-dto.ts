import type { RevisionRecord } from '@/lib/core/ports';

/** The API's view of a revision: the spec plus who changed it, when and why. */
export function toRevisionDto(record: RevisionRecord) {
  return {
    name: record.environment,
    revision: record.number,
    spec: record.spec,
    specHash: record.specHash,
    changeNote: record.changeNote,
    author: { name: record.author.name, email: record.author.email },
    createdAt: record.createdAt.toISOString(),
  };
}

export type RevisionDto = ReturnType<typeof toRevisionDto>;
