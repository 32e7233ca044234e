import { vpaTargetKinds } from '../vertical-pod-autoscalers';
import { idOf, type PolicyCheck, type Problem } from './problem';

const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/**
 * Every workload has exactly one VerticalPodAutoscaler, in recommendation-only mode. An absent
 * updatePolicy means Recreate to the VPA; Recreate, Auto and InPlaceOrRecreate evict or resize pods
 * and fight KEDA's HPA on CPU and memory; Initial sets requests at each pod's creation, so a deploy
 * would no longer run what the spec says. Two VPAs on one workload make the recommender pick one.
 */
export const checkVerticalPodAutoscalers: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  const vpas = objects.filter((o) => o.kind === 'VerticalPodAutoscaler');
  const workloads = objects.filter((o) => vpaTargetKinds.includes(o.kind));
  for (const vpa of vpas) {
    const add = (path: string, message: string) => problems.push({ object: idOf(vpa), path, message, check: 'vertical-pod-autoscalers' });
    const mode = vpa.spec?.updatePolicy?.updateMode;
    if (mode !== 'Off') add('spec.updatePolicy.updateMode', `${mode ?? 'unset (Recreate)'}: must be Off (recommendations only); any other mode changes pods under KEDA's HPA`);
    const ref = vpa.spec?.targetRef ?? {};
    const target = workloads.find(
      (w) => w.kind === ref.kind && group(w.apiVersion) === group(ref.apiVersion ?? '') && w.metadata.name === ref.name && w.metadata.namespace === vpa.metadata.namespace,
    );
    if (!target) add('spec.targetRef', `targets ${ref.kind}/${ref.name}, which is not a workload of the render`);
  }
  for (const workload of workloads) {
    const matching = vpas.filter(
      (v) => v.metadata.namespace === workload.metadata.namespace && v.spec?.targetRef?.kind === workload.kind && v.spec?.targetRef?.name === workload.metadata.name,
    );
    if (matching.length !== 1) {
      problems.push({
        object: idOf(workload),
        path: 'metadata.name',
        message: matching.length === 0 ? 'no VerticalPodAutoscaler recommends its resources' : `${matching.length} VerticalPodAutoscalers target it: ${matching.map(idOf).join(', ')}`,
        check: 'vertical-pod-autoscalers',
      });
    }
  }
  return problems;
};
