import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from './kube-object';
import { VerticalPodAutoscaler } from './models/vertical-pod-autoscaler';
import { commonLabels, namespacesOf } from './names';

/**
 * The workloads a VPA recommends for, and how it names them. The recommender reads a pod's owners up
 * to the topmost well-known or scalable controller and ignores a VPA that targets anything below it
 * (condition ConfigUnsupported): the operator's StatefulSets belong to the Prometheus and
 * Alertmanager resources, which have a /scale subresource, so those resources are the targets.
 * CronJobs (the Jaeger index cleaner) are left out: a few minutes a day give no recommendation
 * worth showing.
 */
const targets: Record<string, (name: string) => string> = {
  Deployment: (name) => name,
  StatefulSet: (name) => name,
  Prometheus: (name) => `prometheus-${name}`,
  Alertmanager: (name) => `alertmanager-${name}`,
};

export const vpaTargetKinds = Object.keys(targets);

/**
 * A VerticalPodAutoscaler in recommendation-only mode (`updateMode: Off`) for every workload of the
 * render: the recommender writes CPU and memory recommendations to its status (the console shows
 * them), and nothing evicts or resizes a pod. Any other mode would fight KEDA's HPA on CPU and
 * memory and evict pods behind the disruption budgets' back. The Istio sidecar's resources are the
 * mesh's (injection settings), so its container gets no recommendation.
 */
export function renderVerticalPodAutoscalers(spec: EnvironmentSpec, rendered: readonly KubeObject[]): KubeObject[] {
  const meshNamespace = namespacesOf(spec).app;
  return rendered.flatMap((object) => {
    const vpaName = targets[object.kind];
    const { name, namespace } = object.metadata ?? {};
    if (!vpaName || !name || !namespace) return [];
    const template = (object as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } }).spec?.template;
    const injected = namespace === meshNamespace && template?.metadata?.annotations?.['sidecar.istio.io/inject'] !== 'false';
    return [
      new VerticalPodAutoscaler({
        metadata: { name: vpaName(name), namespace, labels: { ...commonLabels(spec, name), 'app.kubernetes.io/component': 'vertical-pod-autoscaler' } },
        spec: {
          targetRef: { apiVersion: object.apiVersion, kind: object.kind, name },
          updatePolicy: { updateMode: 'Off' },
          resourcePolicy: {
            containerPolicies: [
              ...(injected ? [{ containerName: 'istio-proxy', mode: 'Off' as const }] : []),
              { containerName: '*', controlledResources: ['cpu', 'memory'] },
            ],
          },
        },
      }),
    ];
  });
}
