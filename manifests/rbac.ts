import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ServiceAccount } from 'kubernetes-models/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from './kube-object';
import { commonLabels, namespacesOf } from './names';
import { clusterServices } from './platform-defaults';

// The applications have no API rights at all (their ServiceAccounts mount no token). Prometheus may
// read what it discovers, namespace by namespace; the console may manage exactly the kinds the
// platform renders, in the environment's namespaces only. Prometheus' rights outside them (kubelet
// metrics cluster-wide, discovery in kube-system, keda and istio-system) come with the administrator's grant
// (scripts/stack/manifests/console-environment.yaml): the console writes no cluster-scoped RBAC and
// nothing in namespaces it does not own.

const read = ['get', 'list', 'watch'];
const manage = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

const platformRoles = ['personapass-deployer', 'prometheus-discovery'];
const deployerRules = [
  { apiGroups: [''], resources: ['configmaps', 'services', 'serviceaccounts', 'persistentvolumeclaims'], verbs: manage },
  { apiGroups: [''], resources: ['pods', 'pods/log', 'events', 'endpoints'], verbs: read },
  { apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: manage },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: read },
  { apiGroups: ['batch'], resources: ['cronjobs'], verbs: manage },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: read },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: manage },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: manage },
  // Only the platform's own Roles and RoleBindings, by name, as the console itself may
  // (scripts/stack/manifests/console-rbac.yaml): RBAC refuses a Role granting more than its writer holds.
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: read },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], resourceNames: platformRoles, verbs: ['create', 'update', 'patch', 'delete'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], resourceNames: platformRoles, verbs: ['bind'] },
  // EnvoyFilters only as local rate limits: the admission policy personapass-console-envoyfilters
  // refuses every other patch (scripts/stack/manifests/console-admission.yaml).
  { apiGroups: ['networking.istio.io'], resources: ['gateways', 'virtualservices', 'destinationrules', 'envoyfilters'], verbs: manage },
  { apiGroups: ['security.istio.io'], resources: ['peerauthentications', 'requestauthentications', 'authorizationpolicies'], verbs: manage },
  { apiGroups: ['telemetry.istio.io'], resources: ['telemetries'], verbs: manage },
  { apiGroups: ['keda.sh'], resources: ['scaledobjects', 'triggerauthentications'], verbs: manage },
  { apiGroups: ['autoscaling.k8s.io'], resources: ['verticalpodautoscalers'], verbs: manage },
  { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors', 'podmonitors', 'prometheusrules', 'prometheuses', 'alertmanagers'], verbs: manage },
];
// The only Secret the platform writes is Alertmanager's routing file (no credentials in it); written,
// never read back (server-side apply needs no get).
const alertmanagerSecretRules = [
  { apiGroups: [''], resources: ['secrets'], resourceNames: ['alertmanager-personapass'], verbs: ['create', 'update', 'patch'] },
];

export function renderRbac(spec: EnvironmentSpec): KubeObject[] {
  const ns = namespacesOf(spec);
  const labels = commonLabels(spec, 'rbac');
  const envNamespaces = [ns.app, ns.tracing, ...(spec.toggles.monitoring ? [ns.monitoring] : [])];
  const objects: KubeObject[] = [];

  for (const namespace of envNamespaces) {
    const rules = namespace === ns.monitoring ? [...deployerRules, ...alertmanagerSecretRules] : deployerRules;
    objects.push(
      new Role({ metadata: { name: 'personapass-deployer', namespace, labels }, rules }),
      new RoleBinding({
        metadata: { name: 'personapass-deployer', namespace, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'personapass-deployer' },
        subjects: [{ kind: 'ServiceAccount', name: clusterServices.console.serviceAccount, namespace: clusterServices.console.namespace }],
      }),
    );
  }

  if (!spec.toggles.monitoring) return objects;
  const prometheus = { kind: 'ServiceAccount', name: 'prometheus', namespace: ns.monitoring };
  objects.push(new ServiceAccount({ metadata: { name: 'prometheus', namespace: ns.monitoring, labels: commonLabels(spec, 'prometheus') } }));
  for (const namespace of envNamespaces) {
    objects.push(
      new Role({
        metadata: { name: 'prometheus-discovery', namespace, labels },
        rules: [
          { apiGroups: [''], resources: ['services', 'endpoints', 'pods'], verbs: read },
          { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: read },
          ...(namespace === ns.monitoring ? [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] : []),
        ],
      }),
      new RoleBinding({
        metadata: { name: 'prometheus-discovery', namespace, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'prometheus-discovery' },
        subjects: [prometheus],
      }),
    );
  }
  return objects;
}
