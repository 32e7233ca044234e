import { liveResources, namespacedLiveKinds } from '../live/live-kinds';

// What the console must be allowed to do on a cluster for a deploy of each environment there,
// derived from the environment's rendered objects (what a plan reads, dry-runs and applies, what a
// run prunes) and the deploy engine's own reads (rollouts, the live watches, logs), compared with
// the rules a SelfSubjectRulesReview lists per namespace. Matching follows RBAC's own rules
// (k8s.io/kubernetes pkg/apis/rbac/v1 evaluation helpers): `*` verbs, groups and resources,
// `*/subresource`, and resourceNames limiting a rule to requests that name one of them.

export type RenderedObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; roleRef?: { kind?: string; name?: string } };

export type AccessNeed = {
  verb: string;
  group: string;
  /** Plural, with `/subresource` when it is one (`pods/log`). */
  resource: string;
  name?: string;
  /** The namespace the right is needed in; '' for cluster-scoped rights. */
  namespace: string;
  /** Whose SelfSubjectRulesReview answers it (cluster-wide rules appear in every namespace's). */
  reviewIn: string;
  why: string;
};

export type PolicyRule = { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] };
export type RulesReview = { rules: PolicyRule[]; incomplete: boolean; evaluationError?: string };

/** Kind → resource as the API server names it, for the kinds the platform renders (the same rule its RBAC test uses). */
export const resourceOfKind = (kind: string) => (/[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : kind.endsWith('s') ? `${kind}es` : `${kind}s`).toLowerCase();
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

/** The namespace whose rules review answers the cluster-wide questions when no environment is there yet. */
export const consoleNamespace = 'personapass-system';

export function neededRights(environments: Array<{ name: string; namespaces: string[]; objects: RenderedObject[] }>): AccessNeed[] {
  const needs = new Map<string, AccessNeed>();
  const add = (need: AccessNeed) => needs.set(`${need.reviewIn}|${need.namespace}|${need.verb}|${need.group}|${need.resource}|${need.name ?? ''}`, need);
  const firstNamespace = environments.flatMap((environment) => environment.namespaces)[0] ?? consoleNamespace;
  // The console's own cluster-wide reads: the cluster's identity, the Nodes' zones, this check.
  add({ verb: 'get', group: '', resource: 'namespaces', name: 'kube-system', namespace: '', reviewIn: firstNamespace, why: "tell this cluster from another (the kube-system Namespace's UID)" });
  add({ verb: 'list', group: '', resource: 'nodes', namespace: '', reviewIn: firstNamespace, why: "show pods' zones and check the nodes" });
  add({ verb: 'watch', group: '', resource: 'nodes', namespace: '', reviewIn: firstNamespace, why: "show pods' zones" });
  add({ verb: 'list', group: 'storage.k8s.io', resource: 'storageclasses', namespace: '', reviewIn: firstNamespace, why: 'check for a default StorageClass' });
  for (const environment of environments) {
    const deploy = `deploy ${environment.name}`;
    for (const object of environment.objects) {
      const group = groupOf(object.apiVersion);
      const resource = resourceOfKind(object.kind);
      const name = object.metadata.name;
      if (object.kind === 'Namespace') {
        // Cluster-scoped, granted by name: server-side apply patches it, and creates it when missing.
        for (const verb of ['create', 'patch']) add({ verb, group, resource, name, namespace: '', reviewIn: name, why: `${deploy}: apply the namespace and its Pod Security labels` });
        continue;
      }
      const namespace = object.metadata.namespace;
      if (!namespace) continue; // the render has no other cluster-scoped objects (manifests/render-scope.test.ts)
      const where = { namespace, reviewIn: namespace };
      // Secrets are write-only: a plan compares them by a dry-run patch, never reads them back.
      const verbs = object.kind === 'Secret' ? ['create', 'patch'] : ['get', 'create', 'patch', 'delete'];
      for (const verb of verbs) add({ verb, group, resource, name, ...where, why: `${deploy}: plan and apply ${object.kind} ${name}` });
      if (object.kind === 'RoleBinding' && object.roleRef?.kind === 'Role' && object.roleRef.name) {
        add({ verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'roles', name: object.roleRef.name, ...where, why: `${deploy}: bind Role ${object.roleRef.name} (RoleBinding ${name})` });
      }
    }
    for (const namespace of environment.namespaces) {
      const where = { namespace, reviewIn: namespace };
      for (const kind of namespacedLiveKinds) {
        const { apiVersion, resource } = liveResources[kind];
        for (const verb of ['list', 'watch']) add({ verb, group: groupOf(apiVersion), resource, ...where, why: `follow ${environment.name}'s rollouts and live state` });
      }
      add({ verb: 'get', group: '', resource: 'pods/log', ...where, why: `read ${environment.name}'s logs` });
    }
  }
  return [...needs.values()];
}

const matches = (values: string[] | undefined, wanted: string) => (values ?? []).some((value) => value === '*' || value === wanted);

function resourceMatches(rule: PolicyRule, resource: string): boolean {
  const subresource = resource.includes('/') ? resource.slice(resource.indexOf('/') + 1) : '';
  return (rule.resources ?? []).some((value) => value === '*' || value === resource || (subresource !== '' && value === `*/${subresource}`));
}

/** Whether one of the rules grants the need, as RBAC decides it. */
export function rulesAllow(rules: PolicyRule[], need: Pick<AccessNeed, 'verb' | 'group' | 'resource' | 'name'>): boolean {
  return rules.some(
    (rule) =>
      matches(rule.verbs, need.verb) &&
      matches(rule.apiGroups, need.group) &&
      resourceMatches(rule, need.resource) &&
      (!rule.resourceNames?.length || (need.name !== undefined && rule.resourceNames.includes(need.name))),
  );
}

/** "patch deployments.apps wallet-api in personapass-dev" */
export function describeNeed(need: Pick<AccessNeed, 'verb' | 'group' | 'resource' | 'name' | 'namespace'>): string {
  const [base, sub] = need.resource.split('/');
  const resource = `${base}${need.group ? `.${need.group}` : ''}${sub ? `/${sub}` : ''}`;
  return `${need.verb} ${resource}${need.name ? ` ${need.name}` : ''}${need.namespace ? ` in ${need.namespace}` : ' (cluster-wide)'}`;
}
