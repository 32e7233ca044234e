import { Namespace } from 'kubernetes-models/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { type PodSecurityNamespace, podSecurityOf, podSecurityReasonAnnotation } from '@/lib/core/environments/pod-security';
import type { KubeObject } from './kube-object';
import { runsGrafana } from './monitoring/grafana';
import { namespacesOf } from './names';

// Every namespace of ours enforces the restricted Pod Security Standard: no component needs more.
// The spec may lower one to baseline with a reason (lib/core/environments/pod-security.ts): then only
// enforce changes; audit and warn stay restricted, so what restricted refuses is still reported, and
// the reason is on the namespace for whoever reads it.
// The applications join the mesh (which therefore assumes the Istio CNI plugin, so no injected pod
// carries the NET_ADMIN init container); monitoring and tracing stay outside it, so they keep working
// when the mesh does not, and Prometheus scrapes without mesh certificates.
const podSecurityLabels = (enforce: 'restricted' | 'baseline') => ({
  'pod-security.kubernetes.io/enforce': enforce,
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
});

export function renderNamespaces(spec: EnvironmentSpec): KubeObject[] {
  const ns = namespacesOf(spec);
  const base = { 'app.kubernetes.io/part-of': 'personapass', 'personapass.dev/environment': spec.name, 'personapass.dev/tier': spec.tier };
  // Istio injects no pod of a namespace labelled istio-injection=disabled, whatever the pod asks; so
  // where the platform runs Grafana (whose pod asks to join the mesh), the monitoring namespace carries
  // no injection label and Prometheus and Alertmanager refuse the sidecar on their own pods.
  const namespace = (name: string, role: string, mesh: boolean | 'per-pod', which: PodSecurityNamespace) => {
    const { level, reason } = podSecurityOf(spec.podSecurity, which);
    return new Namespace({
      metadata: {
        name,
        labels: { ...base, ...podSecurityLabels(level), 'personapass.dev/role': role, ...(mesh === 'per-pod' ? {} : { 'istio-injection': mesh ? 'enabled' : 'disabled' }) },
        ...(reason ? { annotations: { [podSecurityReasonAnnotation]: reason } } : {}),
      },
    });
  };
  return [
    namespace(ns.app, 'applications', true, 'app'),
    namespace(ns.tracing, 'tracing', false, 'tracing'),
    ...(spec.toggles.monitoring ? [namespace(ns.monitoring, 'monitoring', runsGrafana(spec) ? 'per-pod' : false, 'monitoring')] : []),
  ];
}
