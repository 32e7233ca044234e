import { pass, type ReadinessCheck, type Reading } from './readiness';

// Which custom APIs the platform needs is read from what it renders (the caller passes the rendered
// objects), never from a hand-kept list: a renderer that starts using a new kind or version is checked
// for at once.

const title = 'Custom resources (Istio, KEDA, Prometheus Operator)';

/** Groups every Kubernetes API server serves itself; anything else comes from a CRD someone installs. */
const builtInGroups = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'coordination.k8s.io',
  'scheduling.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'flowcontrol.apiserver.k8s.io',
]);

type Owner = { name: string; install: string };
const istio: Owner = { name: 'Istio', install: 'install Istio with its CNI plugin (istioctl install --set components.cni.enabled=true; scripts/stack/manifests/README.md lists what the platform expects of it)' };
const owners: Record<string, Owner> = {
  'networking.istio.io': istio,
  'security.istio.io': istio,
  'telemetry.istio.io': istio,
  'keda.sh': { name: 'KEDA', install: 'install KEDA in the keda namespace (helm repo add kedacore https://kedacore.github.io/charts && helm install keda kedacore/keda --namespace keda --create-namespace)' },
  'monitoring.coreos.com': {
    name: 'Prometheus Operator',
    install: 'install the Prometheus Operator with its CRDs (helm install prometheus-operator prometheus-community/kube-prometheus-stack, or the operator\'s bundle.yaml)',
  },
  'velero.io': { name: 'Velero', install: 'install Velero with its CRDs (velero install, or the vmware-tanzu/velero Helm chart)' },
  'autoscaling.k8s.io': { name: 'Vertical Pod Autoscaler', install: 'install the Vertical Pod Autoscaler (kubernetes/autoscaler, vertical-pod-autoscaler/hack/vpa-up.sh)' },
};
const ownerOf = (group: string): Owner => owners[group] ?? { name: group, install: `install the CustomResourceDefinitions of ${group}` };

export type RequiredApi = { groupVersion: string; group: string; kinds: string[] };

/** The group versions and kinds outside Kubernetes itself among the objects, sorted. */
export function requiredCustomApis(objects: Array<{ apiVersion: string; kind: string }>): RequiredApi[] {
  const kinds = new Map<string, Set<string>>();
  for (const object of objects) {
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '';
    if (builtInGroups.has(group)) continue;
    const set = kinds.get(object.apiVersion) ?? new Set<string>();
    set.add(object.kind);
    kinds.set(object.apiVersion, set);
  }
  return [...kinds.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([groupVersion, set]) => ({ groupVersion, group: groupVersion.split('/')[0]!, kinds: [...set].sort() }));
}

/**
 * `served`: per group version, the kinds its discovery document lists, or null when the API server
 * does not serve it (404). One line per owner, so a missing KEDA says "install KEDA".
 */
export function checkCustomResources(required: RequiredApi[], served: Map<string, Reading<string[] | null>>): ReadinessCheck {
  const id = 'custom-resources';
  const missing = new Map<Owner, string[]>();
  const unread: string[] = [];
  for (const api of required) {
    const reading = served.get(api.groupVersion);
    if (!reading || !reading.ok) {
      unread.push(`${api.groupVersion}: could not read its discovery document${reading && !reading.ok ? ` (${reading.error})` : ''}`);
      continue;
    }
    const absent = reading.value === null ? api.kinds : api.kinds.filter((kind) => !reading.value!.includes(kind));
    if (absent.length === 0) continue;
    const owner = ownerOf(api.group);
    const what = reading.value === null ? `${api.groupVersion} is not served (${absent.join(', ')})` : `${api.groupVersion} does not serve ${absent.join(', ')}`;
    missing.set(owner, [...(missing.get(owner) ?? []), what]);
  }
  const owned = [...new Set(required.map((api) => ownerOf(api.group).name))];
  if (missing.size > 0) {
    const names = [...missing.keys()].map((owner) => owner.name);
    return {
      id,
      title,
      status: 'fail',
      summary: `missing the custom resources of ${names.join(', ')}`,
      details: [...[...missing.entries()].flatMap(([owner, lines]) => lines.map((line) => `${owner.name}: ${line}`)), ...unread],
      remedy: [...missing.keys()].map((owner) => owner.install).join('; then ') + ". These belong to the cluster's owner: setup does not install them",
    };
  }
  if (unread.length > 0) {
    return { id, title, status: 'fail', summary: `could not read ${unread.length} discovery document${unread.length === 1 ? '' : 's'}`, details: unread, remedy: 'make the API server reachable, then check again' };
  }
  return pass(id, title, `${required.length} API versions of ${owned.join(', ')} served, with every kind the platform renders`, required.map((api) => `${api.groupVersion}: ${api.kinds.join(', ')}`));
}
