import { Alertmanager, Prometheus } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IStorageSpec } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/StorageSpec';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf } from '../names';
import { infrastructureImages, tierDefaults } from '../platform-defaults';
import { alertmanagerConfigSecret, receiverSecret } from './alertmanager-config';
import { runsGrafana } from './grafana';

// Prometheus Operator runs both; the pod security context keeps them within `restricted`.
const podSecurity = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' as const } };

// kubernetes-models types the claim template as a top-level kind with a fixed apiVersion; the CRD
// (and the operator) want neither field. The schema check knows this defect (schema-validation.ts).
function storage(size: string | undefined): { storage?: IStorageSpec } {
  if (!size) return {};
  const volumeClaimTemplate = { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } };
  return { storage: { volumeClaimTemplate } as unknown as IStorageSpec };
}

/** The labels the operator gives the pods of a Prometheus or Alertmanager named `personapass`. */
const operatedPods = (name: 'prometheus' | 'alertmanager') => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'personapass' });

/** Replicas on different nodes: required where the tier refuses to skew (production), else preferred. */
function antiAffinity(spec: EnvironmentSpec, name: 'prometheus' | 'alertmanager') {
  const term = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: operatedPods(name) } };
  return {
    podAntiAffinity: tierDefaults[spec.tier].strictSpread
      ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
  };
}

/** A drain takes one replica at a time; a single replica gets no budget, which would block every drain. */
function disruptionBudget(spec: EnvironmentSpec, name: 'prometheus' | 'alertmanager', replicas: number): KubeObject[] {
  if (replicas <= 1) return [];
  return [
    new PodDisruptionBudget({
      metadata: { name, namespace: namespacesOf(spec).monitoring, labels: commonLabels(spec, name) },
      spec: { maxUnavailable: 1, selector: { matchLabels: operatedPods(name) } },
    }),
  ];
}

export function renderPrometheusStack(spec: EnvironmentSpec): KubeObject[] {
  const ns = namespacesOf(spec);
  const defaults = tierDefaults[spec.tier];
  const envSelector = { matchLabels: { 'personapass.dev/environment': spec.name } };
  // Beside the platform's Grafana the namespace has no injection label (namespaces.ts): stay out of the mesh.
  const podLabels = { 'personapass.dev/environment': spec.name, ...(runsGrafana(spec) ? { 'sidecar.istio.io/inject': 'false' } : {}) };
  const spread = (name: string) => [
    { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' as const, labelSelector: { matchLabels: { 'app.kubernetes.io/name': name } } },
  ];
  return [
    new Prometheus({
      metadata: { name: 'personapass', namespace: ns.monitoring, labels: commonLabels(spec, 'prometheus') },
      spec: {
        version: infrastructureImages.prometheusVersion,
        replicas: defaults.prometheus.replicas,
        retention: defaults.prometheus.retention,
        retentionSize: defaults.prometheus.retentionSize,
        ...storage(defaults.prometheus.storage),
        serviceAccountName: 'prometheus',
        externalLabels: { environment: spec.name, cluster: spec.cluster },
        // Only this environment's monitors and rules, wherever they live.
        serviceMonitorSelector: envSelector,
        serviceMonitorNamespaceSelector: envSelector,
        podMonitorSelector: envSelector,
        podMonitorNamespaceSelector: envSelector,
        ruleSelector: envSelector,
        ruleNamespaceSelector: envSelector,
        probeSelector: envSelector,
        scrapeInterval: '30s',
        evaluationInterval: '30s',
        alerting: { alertmanagers: [{ namespace: ns.monitoring, name: 'alertmanager-operated', port: 'web', apiVersion: 'v2' }] },
        securityContext: podSecurity,
        resources: spec.tier === 'production'
          ? { requests: { cpu: '1', memory: '8Gi' }, limits: { cpu: '4', memory: '16Gi' } }
          : { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '4Gi' } },
        affinity: antiAffinity(spec, 'prometheus'),
        topologySpreadConstraints: spread('prometheus'),
        podMetadata: { labels: podLabels },
      },
    }),
    new Alertmanager({
      metadata: { name: 'personapass', namespace: ns.monitoring, labels: commonLabels(spec, 'alertmanager') },
      spec: {
        version: infrastructureImages.alertmanagerVersion,
        replicas: defaults.alertmanager.replicas,
        retention: defaults.alertmanager.retention,
        ...storage(defaults.alertmanager.storage),
        configSecret: alertmanagerConfigSecret,
        secrets: [receiverSecret],
        securityContext: podSecurity,
        resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        affinity: antiAffinity(spec, 'alertmanager'),
        topologySpreadConstraints: spread('alertmanager'),
        podMetadata: { labels: podLabels },
      },
    }),
    ...disruptionBudget(spec, 'prometheus', defaults.prometheus.replicas),
    ...disruptionBudget(spec, 'alertmanager', defaults.alertmanager.replicas),
  ];
}
