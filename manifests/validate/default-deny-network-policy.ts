import { idOf, type PolicyCheck, type Problem } from './problem';

/** Every namespace the platform creates has a NetworkPolicy that selects all pods and denies
 *  both ingress and egress (no rules), so each allowed path is an explicit policy. */
export const checkDefaultDenyNetworkPolicy: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const namespace of objects.filter((o) => o.kind === 'Namespace')) {
    const denies = objects.some((o) => {
      if (o.kind !== 'NetworkPolicy' || o.metadata.namespace !== namespace.metadata.name) return false;
      const selector = o.spec?.podSelector ?? {};
      const selectsAll = Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
      const types: string[] = o.spec?.policyTypes ?? [];
      return selectsAll && types.includes('Ingress') && types.includes('Egress') && !(o.spec?.ingress ?? []).length && !(o.spec?.egress ?? []).length;
    });
    if (!denies) {
      problems.push({
        object: idOf(namespace),
        path: 'metadata.name',
        message: 'namespace has no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)',
        check: 'default-deny-network-policy',
      });
    }
  }
  return problems;
};
