import { idOf, type PolicyCheck, type Problem } from './problem';

/** Every ScaledObject scales a workload that exists, between bounds that make sense. */
export const checkScaledObjectTargets: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const scaler of objects.filter((o) => o.kind === 'ScaledObject')) {
    const ref = scaler.spec?.scaleTargetRef ?? {};
    const kind = ref.kind ?? 'Deployment';
    const target = objects.find((o) => o.kind === kind && o.metadata.namespace === scaler.metadata.namespace && o.metadata.name === ref.name);
    const add = (path: string, message: string) => problems.push({ object: idOf(scaler), path, message, check: 'scaled-object-targets' });
    if (!target) add('spec.scaleTargetRef.name', `no ${kind} ${ref.name} in ${scaler.metadata.namespace}`);
    const min = Number(scaler.spec?.minReplicaCount ?? 0);
    const max = Number(scaler.spec?.maxReplicaCount ?? 100);
    if (min > max) add('spec.minReplicaCount', `minReplicaCount ${min} exceeds maxReplicaCount ${max}`);
  }
  return problems;
};
