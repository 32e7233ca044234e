// Scaling: a ScaledObject KEDA finds not Ready or whose trigger errors, an autoscaler at its
// maximum while its metric is still above target, and a scale to zero no trigger can wake. Pure:
// from the watched ScaledObject, Deployment and events, and KEDA's metric from Prometheus.
import type { ComponentName } from '../environments/environment-spec';
import type { LiveObject } from '../live/trim-live-object';
import type { TrimmedDeployment, TrimmedEvent, TrimmedScaledObject } from '../live/trimmed';
import { trimScaledObject } from '../live/trim';
import type { Finding } from './diagnosis';
import { describeEvent, eventsAbout, plural } from './findings-support';

/** One value of keda_scaler_metrics_value: KEDA names its metrics `s<trigger index>-<scaler's own name>`. */
export type ScalerMetric = { metric: string; value: number };

export type ScalingInput = {
  component: ComponentName;
  /** Whether the spec autoscales it (a ScaledObject is then expected). */
  autoscaled: boolean;
  /** The watched ScaledObject (raw trimmed form: its triggers), when there is one. */
  scaledObject?: LiveObject;
  /** False when the cluster does not serve ScaledObjects (KEDA's CRDs are not installed). */
  scaledObjectsServed: boolean;
  deployment?: TrimmedDeployment;
  events: readonly TrimmedEvent[];
  /** KEDA's metric values from Prometheus, or why they could not be read. */
  metrics: ScalerMetric[] | { unavailable: string };
};

/** Triggers KEDA cannot evaluate at zero replicas (no pod, no usage): they never wake a component. */
const resourceTriggers = new Set(['cpu', 'memory']);
/** KEDA's events about a trigger it cannot read or a target it cannot scale. */
const kedaFailureReasons = ['KEDAScalerFailed', 'KEDAScaleTargetActivationFailed', 'ScaledObjectCheckFailed'];

type Trigger = { type: string; name?: string; metadata?: Record<string, string> };

export function scalingFindings(input: ScalingInput): Finding[] {
  const base = { area: 'scaling' as const, component: input.component, object: `ScaledObject/${input.component}` };
  if (!input.autoscaled) return [];
  if (!input.scaledObjectsServed) {
    return [{ ...base, severity: 'problem', what: `${input.component} is meant to autoscale but the cluster does not serve ScaledObjects`, evidence: ['the ScaledObject kind (keda.sh/v1alpha1) is not served: KEDA is not installed'], action: "Install KEDA on the cluster (the cluster's owner does; the readiness report says which version the platform renders), then deploy again." }];
  }
  if (!input.scaledObject) {
    return [{ ...base, severity: 'problem', what: `${input.component} is meant to autoscale but has no ScaledObject`, evidence: [`no ScaledObject ${input.component} in the namespace`], action: 'Deploy the environment: its plan creates the ScaledObject.' }];
  }
  const scaler = trimScaledObject(input.scaledObject);
  const triggers = (((input.scaledObject.spec ?? {}) as { triggers?: Trigger[] }).triggers ?? []).map((t) => ({ type: String(t.type ?? ''), name: t.name, metadata: t.metadata ?? {} }));
  return [...readinessFindings(base, scaler, input.events), ...maximumFindings(base, input, scaler, triggers), ...zeroFindings(base, scaler, triggers)];
}

function readinessFindings(base: Pick<Finding, 'area' | 'component' | 'object'>, scaler: TrimmedScaledObject, events: readonly TrimmedEvent[]): Finding[] {
  const findings: Finding[] = [];
  const ready = scaler.conditions.find((c) => c.type === 'Ready');
  const failures = eventsAbout(events, 'ScaledObject', scaler.metadata.name, kedaFailureReasons).slice(0, 2);
  if (ready?.status === 'False') {
    findings.push({
      ...base,
      severity: 'problem',
      what: `ScaledObject ${scaler.metadata.name} is not Ready: KEDA cannot scale ${base.component}`,
      evidence: [`Ready=False${ready.reason ? ` (${ready.reason})` : ''}: ${ready.message ?? 'no message'}`, ...failures.map(describeEvent)],
      action: "Fix what KEDA names: a trigger's address or query, the TriggerAuthentication's Secret, or the scale target. The ScaledObject's events on the component page say the same.",
    });
  } else if (failures.length > 0) {
    findings.push({
      ...base,
      severity: 'problem',
      what: `a trigger of ScaledObject ${scaler.metadata.name} is failing`,
      evidence: failures.map(describeEvent),
      action: "KEDA cannot read the trigger's metric (Prometheus or Redis unreachable, a wrong query, missing credentials): until it can, scaling follows the other triggers or the fallback.",
    });
  }
  const fallback = scaler.conditions.find((c) => c.type === 'Fallback');
  if (fallback?.status === 'True') {
    findings.push({ ...base, severity: 'warning', what: `ScaledObject ${scaler.metadata.name} runs on its fallback replica count`, evidence: [`Fallback=True: ${fallback.message ?? fallback.reason ?? 'a trigger keeps failing'}`], action: 'A trigger has failed several polls in a row; fix it (see its events) and KEDA returns to scaling on it.' });
  }
  return findings;
}

function maximumFindings(base: Pick<Finding, 'area' | 'component' | 'object'>, input: ScalingInput, scaler: TrimmedScaledObject, triggers: Trigger[]): Finding[] {
  const max = scaler.maxReplicaCount;
  const replicas = input.deployment?.replicas ?? input.deployment?.status.replicas;
  if (max === undefined || replicas === undefined || replicas < max) return [];
  if ('unavailable' in input.metrics) {
    return [{ ...base, severity: 'warning', what: `${base.component} is at its maximum of ${plural(max, 'replica')}`, evidence: [`${replicas} replicas, maxReplicaCount ${max}`, `whether its metric is above target is unknown: ${input.metrics.unavailable}`], action: 'Look at the autoscaler metric chart; if demand is above what the maximum serves, raise maxReplicas (a scale).' }];
  }
  const over = input.metrics.flatMap((metric) => {
    const index = /^s(\d+)-/.exec(metric.metric)?.[1];
    const trigger = index === undefined ? undefined : triggers[Number(index)];
    const target = trigger ? Number(trigger.metadata?.threshold ?? trigger.metadata?.listLength ?? trigger.metadata?.targetValue ?? trigger.metadata?.value) : NaN;
    if (!trigger || !Number.isFinite(target) || target <= 0 || resourceTriggers.has(trigger.type)) return [];
    // KEDA's external metrics are averages over replicas (AverageValue): per replica against the target.
    const perReplica = metric.value / Math.max(1, replicas);
    return perReplica > target ? [{ trigger, metric, target, perReplica }] : [];
  });
  return over.map(({ trigger, metric, target, perReplica }) => ({
    ...base,
    severity: 'problem' as const,
    what: `${base.component} is at its maximum of ${plural(max, 'replica')} while its ${trigger.name ?? trigger.type} metric is above target`,
    evidence: [`${replicas} replicas, maxReplicaCount ${max}`, `${metric.metric} = ${round(metric.value)} (${round(perReplica)} per replica, target ${target})`],
    action: `Demand exceeds what ${plural(max, 'replica')} serve: raise the maximum (a scale of ${base.component}), or make each replica serve more (resources, the target).`,
  }));
}

function zeroFindings(base: Pick<Finding, 'area' | 'component' | 'object'>, scaler: TrimmedScaledObject, triggers: Trigger[]): Finding[] {
  // KEDA's own default minimum is 0.
  if ((scaler.minReplicaCount ?? 0) !== 0) return [];
  const waking = triggers.filter((trigger) => !resourceTriggers.has(trigger.type));
  if (waking.length > 0) return [];
  return [
    {
      ...base,
      severity: 'problem',
      what: `${base.component} may scale to zero but no trigger can wake it`,
      evidence: [`minReplicaCount ${scaler.minReplicaCount ?? '(unset: KEDA defaults to 0)'}`, `triggers: ${triggers.map((t) => t.type).join(', ') || '(none)'}: CPU and memory are not measured at zero replicas`],
      action: "Give it a trigger that is measured without pods (requests per second, which needs the environment's monitoring on, or queue length), or raise its minimum to 1.",
    },
  ];
}

const round = (value: number) => (Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100);
