import { z } from 'zod';

// Pod Security per platform namespace. The platform's namespaces enforce `restricted`; the spec may
// lower one of them to `baseline`, never further, and only with a reason that the revision records
// (the spec is the revision) and the namespace carries as an annotation. audit and warn stay
// `restricted`, so every pod that would not pass restricted is still reported.

export const podSecurityNamespaces = ['app', 'tracing', 'monitoring'] as const;
export type PodSecurityNamespace = (typeof podSecurityNamespaces)[number];

/** Annotation on the namespace with the spec's reason for a level below restricted. */
export const podSecurityReasonAnnotation = 'personapass.dev/pod-security-reason';
const minimumReasonLength = 20;

/**
 * What is wrong with a reason as the namespace will carry it (trimmed), or undefined. The rule is the
 * cluster's own (personapass-console-namespaces in scripts/stack/manifests/console-admission.yaml), so
 * a reason the spec accepts is one the API server admits: CEL's size() counts code points, not UTF-16
 * units, and its words are split at ' ' only. Control characters (line breaks, tabs) are refused: the
 * reason is one line of an annotation, and the cluster would count "a\nb\nc" as one word.
 */
function reasonProblem(reason: string | undefined): string | undefined {
  const text = reason ?? '';
  if (/\p{Cc}/u.test(text)) return 'baseline needs its reason on one line: no line breaks, tabs or other control characters';
  const characters = [...text].length;
  const words = text.split(' ').filter((word) => word !== '').length;
  if (characters < minimumReasonLength || words < 3) {
    return `baseline needs a reason of at least ${minimumReasonLength} characters and three words separated by spaces (what needs it, and why restricted cannot do)`;
  }
  return undefined;
}

/** A reason says something: long enough, and more than one or two words (reasonProblem). */
export function isMeaningfulReason(reason: string | undefined): boolean {
  return reasonProblem(reason) === undefined;
}

const namespaceLevel = z
  .strictObject({
    level: z.enum(['restricted', 'baseline'], {
      error: 'must be restricted or baseline: the platform never runs a privileged namespace',
    }),
    reason: z.string().max(500, 'must be at most 500 characters').optional(),
  })
  .superRefine((value, ctx) => {
    // Judged as the namespace carries it: podSecurityOf trims it.
    const problem = value.level === 'baseline' ? reasonProblem(value.reason?.trim()) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', path: ['reason'], message: problem });
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
