import { Telemetry } from '@kubernetes-models/istio/telemetry.istio.io/v1';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { KubeObject } from '../kube-object';
import { commonLabels, namespacesOf } from '../names';
import { clusterServices } from '../platform-defaults';

/** The environment's trace sampling for every sidecar in the application namespace. */
export function renderTelemetry(spec: EnvironmentSpec): KubeObject[] {
  return [
    new Telemetry({
      metadata: { name: 'tracing', namespace: namespacesOf(spec).app, labels: commonLabels(spec, 'mesh') },
      spec: {
        tracing: [
          {
            providers: [{ name: clusterServices.tracingProvider }],
            // Percent with at most two decimals, so a ratio like 0.05 never renders as 5.000000000000001.
            randomSamplingPercentage: Math.round(spec.toggles.tracingSamplingRatio * 10_000) / 100,
          },
        ],
      },
    }),
  ];
}
