import type { PlainObject } from './cluster-gateway';
import { componentOf } from './plan-summary';

// Which objects the console applied before (its inventory) a plan deletes now: those no longer
// rendered that still carry the console's labels for this environment, inside what the environment
// holds. Some kinds hold data or everything else: they go only when the plan explicitly allows it.

export const protectedKinds = ['Namespace', 'CustomResourceDefinition', 'PersistentVolumeClaim'];

export type DeletionCandidate = { objectId: string; kind: string; namespace: string };

export type DeletionDecision = { delete: true; component: string } | { delete: false; reason: string };

export function decideDeletion(
  candidate: DeletionCandidate,
  live: PlainObject | null,
  context: { environment: string; components: readonly string[] | null; allowDeletes: boolean; heldNamespaces: readonly string[] },
): DeletionDecision | null {
  if (!live) return null; // already gone
  const labels = live.metadata.labels ?? {};
  // The platform's Namespaces carry part-of rather than managed-by (the grant creates them).
  const ours = labels['app.kubernetes.io/managed-by'] === 'personapass-console' || (candidate.kind === 'Namespace' && labels['app.kubernetes.io/part-of'] === 'personapass');
  if (!ours || labels['personapass.dev/environment'] !== context.environment) {
    return { delete: false, reason: `it no longer carries the console's labels for ${context.environment}: someone else manages it now` };
  }
  const namespace = candidate.kind === 'Namespace' ? live.metadata.name : candidate.namespace;
  if (!context.heldNamespaces.includes(namespace)) return { delete: false, reason: `namespace ${namespace} is not one ${context.environment} holds` };
  const component = componentOf(live);
  if (context.components && !context.components.includes(component)) return null; // outside this plan's selection
  if (protectedKinds.includes(candidate.kind) && !context.allowDeletes) {
    return { delete: false, reason: `${candidate.kind}s are deleted only by a plan that allows it (admin: allowDeletes)` };
  }
  return { delete: true, component };
}
