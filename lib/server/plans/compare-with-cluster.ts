import type { ClusterGateway, ObjectRef, PlainObject } from '@/lib/core/deploy/cluster-gateway';
import { liveFingerprint } from '@/lib/core/deploy/live-fingerprint';
import { objectDiff } from '@/lib/core/deploy/object-diff';
import { autoscaledDeployments, autoscalerOf, isAutoscalerManager, planReplicaHandover, type Autoscaler } from '@/lib/core/deploy/replica-handover';
import { normalizeObject, redactSecret } from '@/lib/core/deploy/plan-object-form';
import type { PlanProblem } from '@/lib/core/deploy/plan-contract';
import { planWave, type Wave, waveOf, waves } from '@/lib/core/deploy/waves';
import { canonicalJson } from '@/lib/core/canonical-json';
import { errorCode } from '@/lib/core/errors';
import { sha256Hex } from '@/lib/core/hash';
import { mapBounded } from '@/lib/core/map-bounded';
import { objectId } from '@/manifests/kube-object';

// Each object to apply against what its cluster holds: a server-side apply dry-run (what the
// cluster would hold) beside the live object (what it holds), both normalised, wave by wave and a
// bounded number at a time within a wave, as the deploy will apply them.

export type ComparedObject = {
  object: PlainObject;
  id: string;
  action: 'create' | 'update' | 'unchanged';
  /** Its wave given what lives on the cluster: a DestinationRule dropping a subset goes after the routes. */
  wave: Wave;
  diff: string;
  liveResourceVersion: string | null;
  liveFingerprint: string | null;
  problems: PlanProblem[];
  warnings: PlanProblem[];
};

export const refOf = (object: PlainObject): ObjectRef => ({ apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name });

const redact = (object: PlainObject | null) => object && redactSecret(object, sha256Hex);

export async function compareWithCluster(gateway: ClusterGateway, objects: readonly PlainObject[], options: { force: boolean; concurrency: number }): Promise<ComparedObject[]> {
  const createdNamespaces = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const autoscaled = autoscaledDeployments(objects);
  const compared: ComparedObject[] = [];
  for (const wave of waves) {
    const inWave = objects.filter((object) => waveOf(object.kind) === wave);
    compared.push(...(await mapBounded(inWave, options.concurrency, (object) => compareOne(gateway, object, options.force, createdNamespaces, autoscalerOf(object, autoscaled)))));
  }
  // Compared in kind order (namespaces dry-run first), numbered in the wave each is applied in: a
  // DestinationRule dropping a subset goes after the routes (planWave), and a run's resume and the
  // inventory read seq order as wave order. Array sort is stable.
  return compared.sort((a, b) => waves.indexOf(a.wave) - waves.indexOf(b.wave));
}

async function compareOne(gateway: ClusterGateway, object: PlainObject, force: boolean, createdNamespaces: Set<string>, autoscaler: Autoscaler | undefined): Promise<ComparedObject> {
  const id = objectId(object);
  const problems: PlanProblem[] = [];
  const warnings: PlanProblem[] = [];
  const [live, dryRun] = await Promise.all([settle(gateway.get(refOf(object))), settle(gateway.dryRunApply(object))]);
  const conflicts = dryRun.error ? conflictFindings(id, dryRun.error, force, takesReplicasBack(object)) : null;
  if (live.error && errorCode(live.error) === 'forbidden') {
    // Unreadable (a Secret): its dry-run still says whether the apply would be refused for fields
    // another manager owns, as it does for readable objects.
    const compared = await compareWriteOnly(gateway, object, id);
    return conflicts ? { ...compared, problems: [...conflicts.problems, ...compared.problems], warnings: [...conflicts.warnings, ...compared.warnings] } : compared;
  }
  if (live.error) throw live.error;

  let after: PlainObject;
  if (!dryRun.error) after = dryRun.value;
  else {
    const missingNamespace = /namespaces "([^"]+)" not found/.exec(dryRun.error.message)?.[1];
    if (errorCode(dryRun.error) === 'unavailable' || !errorCode(dryRun.error)) throw dryRun.error;
    if (conflicts) {
      problems.push(...conflicts.problems);
      warnings.push(...conflicts.warnings);
      // What a forced apply would make of it, for the diff; whether the deploy may force is the plan's flag.
      after = await gateway.dryRunApply(object, { force: true });
    } else {
      // The namespace this plan creates first does not exist yet to dry-run in: not a refusal.
      if (!(missingNamespace && createdNamespaces.has(missingNamespace))) problems.push({ object: id, path: '', message: dryRun.error.message, check: 'server-dry-run' });
      after = object;
    }
  }
  const before = live.value ? normalizeObject(live.value) : null;
  const normalizedAfter = normalizeObject(after);
  // An autoscaled Deployment's replicas go to the handover manager (the run applies them beside the
  // console's object): the diff shows the count it will run at, not the default the dry-run gives.
  const handover = autoscaler && planReplicaHandover(live.value ?? null, autoscaler);
  if (handover) {
    normalizedAfter.spec = { ...(normalizedAfter.spec as object), replicas: handover.replicas };
    warnings.push({ object: id, path: 'spec.replicas', message: handover.reason, check: 'replica-handover' });
  }
  const same = before !== null && canonicalJson(before) === canonicalJson(normalizedAfter);
  // Handing the replicas over changes who owns them, not their value: still an apply to make.
  const action = !before ? 'create' : same && !handover ? 'unchanged' : 'update';
  const diff = action === 'unchanged' ? '' : same ? `--- ${id}\n+++ ${id}\n# ${handover!.reason}; no value changes\n` : objectDiff(id, redact(before), redact(normalizedAfter));
  return {
    object,
    id,
    action,
    wave: planWave(object, live.value ?? null),
    diff,
    liveResourceVersion: (live.value?.metadata.resourceVersion as string | undefined) ?? null,
    liveFingerprint: liveFingerprint(live.value ?? null, object),
    problems,
    warnings,
  };
}

/** An object the console may write but not read (a Secret): compared without any value leaving the cluster. */
async function compareWriteOnly(gateway: ClusterGateway, object: PlainObject, id: string): Promise<ComparedObject> {
  const base = { object, id, wave: waveOf(object.kind), liveResourceVersion: null, liveFingerprint: null, warnings: [] };
  let comparison: { exists: boolean; changedFields: string[] };
  try {
    comparison = await gateway.compareWriteOnly(object);
  } catch (error) {
    if (errorCode(error) === 'unavailable' || !errorCode(error)) throw error;
    return { ...base, action: 'create', diff: objectDiff(id, null, redact(object)), problems: [{ object: id, path: '', message: (error as Error).message, check: 'server-dry-run' }] };
  }
  if (!comparison.exists) return { ...base, action: 'create', diff: objectDiff(id, null, redact(object)), problems: [] };
  if (comparison.changedFields.length === 0) return { ...base, action: 'unchanged', diff: '', problems: [] };
  const note = [`--- ${id}`, `+++ ${id}`, '# the console may write this object but not read it; these fields would change:', ...comparison.changedFields.map((field) => `# ${field}`)];
  return { ...base, action: 'update', diff: `${note.join('\n')}\n`, problems: [] };
}

/** A Deployment rendered with spec.replicas again (its autoscaling turned off) takes the field back from whoever scaled it. */
const takesReplicasBack = (object: PlainObject) => object.kind === 'Deployment' && (object.spec as { replicas?: number } | undefined)?.replicas !== undefined;

/**
 * A dry-run refused for fields other managers own: problems, or warnings on a forced plan (which
 * takes them). spec.replicas held by the console's handover manager or an autoscaler is taken back
 * without force from anyone when the console renders replicas again (autoscaling turned off): a
 * 'replica-takeback' warning, which the run applies with force for that object.
 */
function conflictFindings(id: string, error: Error, force: boolean, replicasBack: boolean): { problems: PlanProblem[]; warnings: PlanProblem[] } | null {
  const conflicts = errorCode(error) === 'conflict' ? (error as { details?: { conflicts?: Array<{ field: string; manager: string }> } }).details?.conflicts : undefined;
  if (!conflicts) return null;
  const takeback = (conflict: { field: string; manager: string }) => replicasBack && conflict.field === '.spec.replicas' && isAutoscalerManager(conflict.manager);
  const findings = conflicts.filter((conflict) => !takeback(conflict)).map((conflict) => ({ object: id, path: conflict.field.replace(/^\./, ''), message: `owned by field manager ${conflict.manager}`, check: 'field-conflict' }));
  const takenBack = conflicts.filter(takeback).map((conflict) => ({ object: id, path: 'spec.replicas', message: `held by ${conflict.manager} while an autoscaler scaled it: the console takes it back (autoscaling is off)`, check: 'replica-takeback' }));
  return force
    ? { problems: [], warnings: [...takenBack, ...findings.map((finding) => ({ ...finding, message: `${finding.message}: the forced apply takes it` }))] }
    : { problems: findings.map((finding) => ({ ...finding, message: `${finding.message}: the apply would be refused; settle it with them and plan again, or an admin plans with force` })), warnings: takenBack };
}

type Settled<T> = { value: T; error?: undefined } | { value?: undefined; error: Error };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: Error) => ({ error }),
  );
}
