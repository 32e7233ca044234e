import { z } from 'zod';
import { planDto } from '../deploy/plan-contract';
import { runDto } from '../deploy/run-contract';
import { Conflict, type FieldIssue, InvalidInput } from '../errors';
import { type ComponentName, componentNames, type ComponentSpec, type EnvironmentSpec, environmentSpecSchema } from './environment-spec';

// A scale request (issue 10 "Scaling"): replicas for a component without an autoscaler; min, max and
// trigger thresholds when KEDA scales it; scale-to-zero on or off where the spec allows it. Applied
// to a spec it gives the next revision's spec; the server makes that an environment edit and a plan.
// The request and its rules are one contract for the REST route and the CLI.

const threshold = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const scaleRequestSchema = z
  .strictObject({
    component: z.enum(componentNames),
    /** Fixed replica count, for a component without an autoscaler. */
    replicas: z.int().min(0).max(100).optional(),
    minReplicas: z.int().min(0).max(100).optional(),
    maxReplicas: z.int().min(1).max(100).optional(),
    /** Trigger thresholds; null removes one. */
    triggers: z
      .strictObject({
        requestsPerSecond: threshold(z.number().positive().max(100_000)),
        queueLength: threshold(z.int().positive().max(1_000_000)),
        cpuUtilizationPercent: threshold(z.int().min(1).max(100)),
        memoryUtilizationPercent: threshold(z.int().min(1).max(100)),
      })
      .optional(),
    /** On: the autoscaler may take it to zero (minReplicas 0). Off: never below one (working hours, if any, are removed). */
    scaleToZero: z.boolean().optional(),
    /** Why; the revision's change note says what changed either way. */
    reason: z.string().trim().min(1).max(300).optional(),
    /** The revision the request was made from; absent: the head when the request arrives. */
    expectedRevision: z.int().min(1).optional(),
  })
  .refine((r) => r.replicas !== undefined || r.minReplicas !== undefined || r.maxReplicas !== undefined || r.triggers !== undefined || r.scaleToZero !== undefined, {
    message: 'give replicas, minReplicas, maxReplicas, triggers or scaleToZero',
  });

export type ScaleRequest = z.infer<typeof scaleRequestSchema>;

export type ScaledSpec = { spec: EnvironmentSpec; changes: string[] };

/** Why the platform does not let this component reach zero by its autoscaler in this tier (manifests' effectiveMinReplicas); undefined when it does. */
export function zeroProblem(spec: EnvironmentSpec, name: ComponentName, component: ComponentSpec): string | undefined {
  if (spec.tier === 'production') return 'production components are critical and never scale to zero';
  const { workingHours, triggers } = component.autoscaling;
  if (workingHours) return undefined;
  if (name === 'credential-worker') {
    return triggers.queueLength === undefined ? 'scaling to zero needs a waking trigger: give the worker a queue-length trigger or working hours' : undefined;
  }
  return `at zero no sidecar reports a request, so nothing would wake ${name}: give it working hours (the schedule wakes it)`;
}

/**
 * The spec with the request applied, and what changed in words. Throws InvalidInput naming the
 * request's fields (0 ≤ min ≤ max, a waking trigger for zero, the tier's limits and node count, and
 * every rule of the environment spec), or Conflict when nothing would change.
 */
export function scaleComponent(spec: EnvironmentSpec, request: ScaleRequest): ScaledSpec {
  const name = request.component;
  const current = spec.components[name];
  const issues: FieldIssue[] = [];
  const refuse = (path: string, message: string) => issues.push({ path, message });
  const autoscaled = current.autoscaling.enabled;

  if (!current.enabled) refuse('component', `${name} is disabled in ${spec.name}: enable it before scaling it`);
  if (autoscaled && request.replicas !== undefined) {
    refuse('replicas', `KEDA scales ${name} in ${spec.name}: set minReplicas and maxReplicas instead`);
  }
  if (!autoscaled) {
    for (const field of ['minReplicas', 'maxReplicas', 'triggers', 'scaleToZero'] as const) {
      if (request[field] !== undefined) refuse(field, `${name} has no autoscaler in ${spec.name}: set replicas instead`);
    }
  }
  if (issues.length) throw invalid(issues);

  const next: ComponentSpec = structuredClone(current);
  if (request.replicas !== undefined) next.replicas = request.replicas;
  if (autoscaled) {
    const scaling = next.autoscaling;
    if (request.triggers) {
      for (const [key, value] of Object.entries(request.triggers) as [keyof ComponentSpec['autoscaling']['triggers'], number | null | undefined][]) {
        if (value === null) delete scaling.triggers[key];
        else if (value !== undefined) scaling.triggers[key] = value;
      }
    }
    if (request.minReplicas !== undefined) scaling.minReplicas = request.minReplicas;
    if (request.maxReplicas !== undefined) scaling.maxReplicas = request.maxReplicas;
    if (request.scaleToZero === true) {
      if (request.minReplicas !== undefined && request.minReplicas > 0) refuse('minReplicas', 'must be 0 (or left out) to scale to zero');
      scaling.minReplicas = 0;
    } else if (request.scaleToZero === false) {
      if (request.minReplicas === 0) refuse('minReplicas', 'must be at least 1 with scale-to-zero off');
      if (scaling.workingHours) {
        scaling.minReplicas = Math.max(scaling.minReplicas, scaling.workingHours.replicas, 1);
        delete scaling.workingHours;
      } else scaling.minReplicas = Math.max(1, scaling.minReplicas);
    }
    if (scaling.minReplicas === 0) {
      const problem = zeroProblem(spec, name, next);
      if (problem) refuse(request.scaleToZero ? 'scaleToZero' : 'minReplicas', problem);
    }
    if (scaling.minReplicas > scaling.maxReplicas) {
      refuse(request.minReplicas !== undefined ? 'minReplicas' : 'maxReplicas', `minReplicas (${scaling.minReplicas}) must not exceed maxReplicas (${scaling.maxReplicas})`);
    }
  }
  if (issues.length) throw invalid(issues);

  const candidate: EnvironmentSpec = { ...spec, components: { ...spec.components, [name]: next } };
  const parsed = environmentSpecSchema.safeParse(candidate);
  if (!parsed.success) {
    const prefix = ['components', name];
    throw invalid(
      parsed.error.issues.map((issue) => {
        const path = issue.path.map(String);
        const own = prefix.every((part, i) => path[i] === part) ? path.slice(2).filter((part) => part !== 'autoscaling') : path;
        return { path: own.join('.') || '(root)', message: issue.message };
      }),
    );
  }
  const changes = describeChanges(name, current, next);
  if (!changes.length) throw new Conflict(`${name} in ${spec.name} is already scaled that way: nothing to change`);
  return { spec: parsed.data, changes };
}

function invalid(issues: FieldIssue[]): InvalidInput {
  return new InvalidInput(`the scale request is refused: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

function describeChanges(name: string, before: ComponentSpec, after: ComponentSpec): string[] {
  const changes: string[] = [];
  const change = (what: string, from: unknown, to: unknown) => {
    if (from !== to) changes.push(`${what} ${from ?? 'none'} → ${to ?? 'none'}`);
  };
  change('replicas', before.replicas, after.replicas);
  change('min', before.autoscaling.minReplicas, after.autoscaling.minReplicas);
  change('max', before.autoscaling.maxReplicas, after.autoscaling.maxReplicas);
  for (const key of ['requestsPerSecond', 'queueLength', 'cpuUtilizationPercent', 'memoryUtilizationPercent'] as const) {
    change(key, before.autoscaling.triggers[key], after.autoscaling.triggers[key]);
  }
  if (before.autoscaling.workingHours && !after.autoscaling.workingHours) changes.push('working hours removed');
  return changes.length ? [`${name}: ${changes.join(', ')}`] : [];
}

/** What the scale route answers: the new revision, its plan, and the run when it deployed at once (null: the plan waits for approvals). */
export const scaleResultDto = z.object({
  revision: z.int(),
  changeNote: z.string(),
  plan: planDto,
  run: runDto.nullable(),
});
export type ScaleResultDto = z.infer<typeof scaleResultDto>;
