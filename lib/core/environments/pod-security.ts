import { z } from 'zod';

// Pod Security per platform namespace. The platform's namespaces enforce `restricted`; the spec may
// lower one of them to `baseline`, never further, and only with a reason that the revision records
// (the spec is the revision) and the namespace carries as an annotation. audit and warn stay
// `restricted`, so every pod that would not pass restricted is still reported.

export const podSecurityNamespaces = ['app', 'tracing', 'monitoring'] as const;
export type PodSecurityNamespace = (typeof podSecurityNamespaces)[number];

/** Annotation on the namespace with the spec's reason for a level below restricted. */
export const podSecurityReasonAnnotation = 'personapass.dev/pod-security-reason';
export const minimumReasonLength = 20;

/** A reason says something: long enough, and more than one or two words. */
export function isMeaningfulReason(reason: string | undefined): boolean {
  const text = (reason ?? '').trim();
  return text.length >= minimumReasonLength && text.split(/\s+/).length >= 3;
}

const namespaceLevel = z
  .strictObject({
    level: z.enum(['restricted', 'baseline'], {
      error: 'must be restricted or baseline: the platform never runs a privileged namespace',
    }),
    reason: z.string().max(500, 'must be at most 500 characters').optional(),
  })
  .superRefine((value, ctx) => {
    if (value.level === 'baseline' && !isMeaningfulReason(value.reason)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `baseline needs a reason of at least ${minimumReasonLength} characters and three words (what needs it, and why restricted cannot do)`,
      });
    }
  });

export const podSecuritySchema = z.strictObject({
  app: namespaceLevel.optional(),
  tracing: namespaceLevel.optional(),
  monitoring: namespaceLevel.optional(),
});

export type PodSecurity = z.infer<typeof podSecuritySchema>;

/** The enforced level of one of the environment's namespaces, and the reason when it is not restricted. */
export function podSecurityOf(podSecurity: PodSecurity | undefined, namespace: PodSecurityNamespace): { level: 'restricted' | 'baseline'; reason?: string } {
  const chosen = podSecurity?.[namespace];
  return chosen?.level === 'baseline' ? { level: 'baseline', reason: chosen.reason?.trim() } : { level: 'restricted' };
}
