import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import type { IScaleTriggers } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaleTriggers';
import { type ComponentName, componentNames, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { cronWindow } from '@/lib/core/environments/working-hours';
import type { KubeObject } from './kube-object';
import { commonLabels, namespacesOf, serviceHost } from './names';
import { effectiveMinReplicas, isAutoscaled, redisAddress } from './workloads/app-workload';

// Scale up fast (double, or +4 pods, every 15 s, no stabilisation), scale down slowly (10% a minute
// after five quiet minutes), so a burst is met at once and a lull does not drop capacity it will need.
const behavior = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Percent', value: 100, periodSeconds: 15 },
      { type: 'Pods', value: 4, periodSeconds: 15 },
    ],
  },
  scaleDown: {
    stabilizationWindowSeconds: 300,
    selectPolicy: 'Min',
    policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
  },
};

function triggers(spec: EnvironmentSpec, name: ComponentName): IScaleTriggers[] {
  const { triggers: wanted, workingHours } = spec.components[name].autoscaling;
  const { requestsPerSecond, queueLength, cpuUtilizationPercent, memoryUtilizationPercent } = wanted;
  const ns = namespacesOf(spec);
  const list: IScaleTriggers[] = [];
  // Requests per second come from the mesh's metrics in the environment's own Prometheus.
  if (requestsPerSecond !== undefined && spec.toggles.monitoring) {
    list.push({
      type: 'prometheus',
      name: 'requests-per-second',
      metadata: {
        serverAddress: `http://${serviceHost('prometheus-operated', ns.monitoring)}:9090`,
        query: `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns.app}",destination_workload="${name}"}[1m]))`,
        threshold: String(requestsPerSecond),
      },
    });
  }
  if (queueLength !== undefined) {
    list.push({
      type: 'redis',
      name: 'task-queue-length',
      metadata: { address: redisAddress(spec), listName: 'task_queue', listLength: String(queueLength), activationListLength: '0' },
      authenticationRef: { name: 'redis-auth' },
    });
  }
  // Working hours: `replicas` inside [start, end) of the time zone (the HPA takes the highest count
  // any trigger asks for); outside, the trigger is inactive and asks for none, so the component
  // goes to zero (minReplicaCount 0) once its other external triggers are inactive too.
  if (workingHours) list.push({ type: 'cron', name: 'working-hours', metadata: cronWindow(workingHours) });
  // CPU is the floor every autoscaler keeps, even when its other signals are unavailable.
  list.push({ type: 'cpu', name: 'cpu', metricType: 'Utilization', metadata: { value: String(cpuUtilizationPercent ?? 70) } });
  // Memory of the component's own container (a ContainerResource metric): the pod's total would
  // average in the Istio sidecar's memory and request. Like CPU it has no activity of its own and
  // never keeps the component from zero while another trigger is external.
  if (memoryUtilizationPercent !== undefined) {
    list.push({ type: 'memory', name: 'memory', metricType: 'Utilization', metadata: { value: String(memoryUtilizationPercent), containerName: name } });
  }
  return list;
}

/** The HPA KEDA makes for a ScaledObject (KEDA's own default name, spelled out so the dashboards can rely on it). */
export const kedaHpaName = (scaledObject: string) => `keda-hpa-${scaledObject}`;

export function renderAutoscaling(spec: EnvironmentSpec): KubeObject[] {
  const namespace = namespacesOf(spec).app;
  const autoscaled = componentNames.filter((name) => isAutoscaled(spec, name));
  const objects: KubeObject[] = autoscaled.map((name) => {
    const { maxReplicas } = spec.components[name].autoscaling;
    return new ScaledObject({
      metadata: { name, namespace, labels: commonLabels(spec, name) },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        pollingInterval: 15,
        cooldownPeriod: 300,
        minReplicaCount: effectiveMinReplicas(spec, name),
        maxReplicaCount: maxReplicas,
        advanced: { restoreToOriginalReplicaCount: false, horizontalPodAutoscalerConfig: { name: kedaHpaName(name), behavior } },
        triggers: triggers(spec, name),
      },
    });
  });
  const needsRedisAuth = autoscaled.some((name) => spec.components[name].autoscaling.triggers.queueLength !== undefined);
  if (needsRedisAuth) {
    objects.push(
      new TriggerAuthentication({
        metadata: { name: 'redis-auth', namespace, labels: commonLabels(spec, 'redis') },
        spec: { secretTargetRef: [{ parameter: 'password', name: 'redis-auth', key: 'password' }] },
      }),
    );
  }
  return objects;
}
