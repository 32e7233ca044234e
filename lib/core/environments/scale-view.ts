import type { TrimmedDeployment, TrimmedEvent, TrimmedScaledObject } from '../live/trimmed';
import type { ComponentName, ComponentSpec, EnvironmentSpec } from './environment-spec';
import { zeroProblem } from './scale-component';

// What the scale panel shows of one component (issue 10 "Scaling"): what the head revision asks for
// (replicas, or KEDA's bounds and thresholds), what runs now (the Deployment's desired and current
// replicas, the ScaledObject's live bounds), and the autoscaler's recent decisions from the
// namespace's Events, newest first. Pure: the server reads the shared watch caches and calls this.

/** The autoscaler's decisions and the rollouts they cause, by Event reason. */
export const scalingReasons = ['SuccessfulRescale', 'KEDAScaleTargetActivated', 'KEDAScaleTargetDeactivated', 'KEDAScalersStarted', 'KEDAScalerFailed', 'FailedGetExternalMetric', 'FailedComputeMetricsReplicas', 'ScalingReplicaSet'] as const;

export type ScaleDecision = { at: string | null; reason: string; message: string; source: string; warning: boolean; count: number };

export type ScaleView = {
  environment: string;
  component: ComponentName;
  headRevision: number;
  protected: boolean;
  approvalsRequired: number;
  enabled: boolean;
  autoscaled: boolean;
  /** The head revision's settings. */
  spec: Pick<ComponentSpec['autoscaling'], 'minReplicas' | 'maxReplicas' | 'triggers'> & { replicas: number; workingHours: boolean };
  /** Null: scale-to-zero may be switched on; otherwise why not. */
  zeroRefusal: string | null;
  live:
    | { state: 'unreachable'; since: string; error: string | null }
    /** The API server answered, but not with the objects (the console may not list them there). */
    | { state: 'unreadable'; error: string }
    | { state: 'syncing' }
    | {
        state: 'known';
        /** Null: no Deployment of it on the cluster (never deployed, or disabled). */
        deployment: { desired: number | null; current: number; ready: number } | null;
        scaledObject: { min: number | null; max: number | null; active: boolean | null; paused: boolean } | null;
      };
  decisions: ScaleDecision[];
};

export type ScaleLive = {
  reachability: { state: 'reachable' } | { state: 'syncing' } | { state: 'unreachable'; since: string; error: string | null } | { state: 'unreadable'; error: string };
  deployments: TrimmedDeployment[];
  scaledObjects: TrimmedScaledObject[];
  events: TrimmedEvent[];
};

const decisionLimit = 10;

/** Events about the component's scaling: its ScaledObject, the HPA KEDA made for it (keda-hpa-NAME), its Deployment's replica-set scaling. */
function isScalingEvent(event: TrimmedEvent, name: string): boolean {
  if (!event.reason || !(scalingReasons as readonly string[]).includes(event.reason)) return false;
  const { kind, name: involved } = event.involved;
  if (kind === 'ScaledObject') return involved === name;
  if (kind === 'HorizontalPodAutoscaler') return involved === name || involved === `keda-hpa-${name}`;
  return kind === 'Deployment' && involved === name;
}

export function scaleView(environment: string, headRevision: number, spec: EnvironmentSpec, name: ComponentName, live: ScaleLive): ScaleView {
  const component = spec.components[name];
  const { autoscaling } = component;
  const deployment = live.deployments.find((d) => d.metadata.name === name);
  const scaledObject = live.scaledObjects.find((s) => s.scaleTargetName === name || s.metadata.name === name);
  const decisions = live.events
    .filter((event) => isScalingEvent(event, name))
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
    .slice(0, decisionLimit)
    .map((event) => ({ at: event.lastSeen ?? null, reason: event.reason!, message: event.message ?? '', source: `${event.involved.kind}/${event.involved.name}`, warning: event.type === 'Warning', count: event.count }));
  const atZero: ComponentSpec = { ...component, autoscaling: { ...autoscaling, minReplicas: 0 } };
  return {
    environment,
    component: name,
    headRevision,
    protected: spec.protection.protected,
    approvalsRequired: spec.protection.protected ? spec.protection.approvalsRequired : 0,
    enabled: component.enabled,
    autoscaled: autoscaling.enabled,
    spec: { replicas: component.replicas, minReplicas: autoscaling.minReplicas, maxReplicas: autoscaling.maxReplicas, triggers: autoscaling.triggers, workingHours: autoscaling.workingHours !== undefined },
    zeroRefusal: autoscaling.enabled ? (zeroProblem(spec, name, atZero) ?? null) : 'only an autoscaler can take a component to zero and wake it',
    live:
      live.reachability.state !== 'reachable'
        ? live.reachability
        : {
              state: 'known',
              deployment: deployment ? { desired: deployment.replicas ?? null, current: deployment.status.replicas, ready: deployment.status.readyReplicas } : null,
              scaledObject: scaledObject
                ? {
                    min: scaledObject.minReplicaCount ?? null,
                    max: scaledObject.maxReplicaCount ?? null,
                    active: activeOf(scaledObject),
                    paused: scaledObject.paused !== undefined,
                  }
                : null,
            },
    decisions,
  };
}

function activeOf(scaledObject: TrimmedScaledObject): boolean | null {
  const active = scaledObject.conditions.find((c) => c.type === 'Active');
  return active ? active.status === 'True' : null;
}
