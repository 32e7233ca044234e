import { componentNames } from '@/lib/core/environments/environment-spec';
import { cronWindow, isIanaTimeZone } from '@/lib/core/environments/working-hours';
import { namespacesOf } from '../names';
import { idOf, type PlainObject, type PolicyCheck, type Problem } from './problem';

// KEDA 2.18 (pkg/scaling/scale_handler.go, getScaledObjectState): a ScaledObject is active when any
// external trigger is; cpu and memory triggers are HPA resource metrics and have no activity of
// their own, and when every trigger is cpu or memory KEDA holds the object active. Scaling to zero
// needs minReplicaCount 0 and every external trigger inactive. The cron trigger is active in
// [start, end) of its time zone (the next end comes before the next start) and asks for
// desiredReplicas there; the HPA takes the highest replica count of all triggers.

const resourceTypes = new Set(['cpu', 'memory']);
const cronField = /^([0-9]|[1-5][0-9]) ([0-9]|1[0-9]|2[0-3]) \* \* (\*|[0-6]|[0-6]-[0-6])$/;

function cronProblems(metadata: Record<string, string>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!isIanaTimeZone(metadata.timezone ?? '')) problems.push({ path: 'timezone', message: `${metadata.timezone ?? '(none)'} is not an IANA time zone` });
  const start = cronField.exec(metadata.start ?? '');
  const end = cronField.exec(metadata.end ?? '');
  if (!start) problems.push({ path: 'start', message: `${metadata.start} is not "M H * * days" with one day range (no comma: KEDA 2.18 puts it in a metric name)` });
  if (!end) problems.push({ path: 'end', message: `${metadata.end} is not "M H * * days" with one day range` });
  if (start && end) {
    if (start[3] !== end[3]) problems.push({ path: 'end', message: 'start and end must run on the same days' });
    else if (Number(end[2]) * 60 + Number(end[1]) <= Number(start[2]) * 60 + Number(start[1])) {
      problems.push({ path: 'end', message: 'the window ends before it starts: KEDA would keep it open across midnight and days' });
    }
  }
  if (!/^[1-9][0-9]*$/.test(metadata.desiredReplicas ?? '')) problems.push({ path: 'desiredReplicas', message: 'must be a positive whole number' });
  return problems;
}

/** Off-hours scale to zero that can really happen, never in production, and as the spec asks. */
export const checkOffHoursScaling: PolicyCheck = (objects, { spec }) => {
  const problems: Problem[] = [];
  const scalers = objects.filter((o) => o.kind === 'ScaledObject');
  for (const scaler of scalers) {
    const add = (path: string, message: string) => problems.push({ object: idOf(scaler), path, message, check: 'off-hours-scaling' });
    const triggers: { type: string; metadata?: Record<string, string> }[] = scaler.spec?.triggers ?? [];
    const min = Number(scaler.spec?.minReplicaCount ?? 0);
    const max = Number(scaler.spec?.maxReplicaCount ?? 100);
    if (min === 0 && triggers.length > 0 && triggers.every((t) => resourceTypes.has(t.type))) {
      add('spec.minReplicaCount', 'only cpu/memory triggers: KEDA holds the object active, so it never reaches 0 (its admission webhook refuses this)');
    }
    triggers.forEach((trigger, index) => {
      if (trigger.type !== 'cron') return;
      const at = `spec.triggers[${index}]`;
      for (const problem of cronProblems(trigger.metadata ?? {})) add(`${at}.metadata.${problem.path}`, problem.message);
      if (Number(trigger.metadata?.desiredReplicas) > max) add(`${at}.metadata.desiredReplicas`, `above maxReplicaCount ${max}`);
      if (min > 0) add('spec.minReplicaCount', `${min}: outside its working hours the component cannot reach zero`);
      if (spec.tier === 'production') add(at, 'production components are critical and never scale to zero by schedule');
    });
  }
  // What the spec asks for is what the cluster gets: a component with working hours has exactly that window.
  for (const name of componentNames) {
    const component = spec.components[name];
    const hours = component.autoscaling.workingHours;
    if (!hours || !component.enabled) continue;
    const scaler: PlainObject | undefined = scalers.find((s) => s.spec?.scaleTargetRef?.name === name);
    const wanted = cronWindow(hours);
    const found = scaler?.spec?.triggers?.some(
      (t: { type: string; metadata?: Record<string, string> }) =>
        t.type === 'cron' && (Object.keys(wanted) as (keyof typeof wanted)[]).every((key) => t.metadata?.[key] === wanted[key]),
    );
    if (!found) {
      problems.push({
        object: scaler ? idOf(scaler) : `ScaledObject/${namespacesOf(spec).app}/${name}`,
        path: 'spec.triggers',
        message: `${name} has working hours (${hours.days.join(',')} ${hours.start}–${hours.end} ${hours.timeZone}) but no cron trigger for them: it never scales to zero off-hours`,
        check: 'off-hours-scaling',
      });
    }
  }
  return problems;
};
