// kwok Stages that break a pod the way a real kubelet reports it, for the troubleshooting tests:
// only pods annotated `personapass.dev/test-stage` on the test's own kwok Node (kwok-log-node.ts)
// meet them. Each outweighs the stock pod-ready stage (weight 1 against 0: kwok then always picks
// it) and writes no timestamp of its own, so applying it again changes nothing and kwok settles.
export const testStageAnnotation = "personapass.dev/test-stage";

const stage = (name: string, value: string, status: string) =>
  [
    "---",
    "apiVersion: kwok.x-k8s.io/v1alpha1",
    "kind: Stage",
    `metadata: { name: ${name} }`,
    "spec:",
    "  resourceRef: { apiGroup: v1, kind: Pod }",
    "  weight: 1",
    "  selector:",
    "    matchExpressions:",
    "    - { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' }",
    `    - { key: '.metadata.annotations["${testStageAnnotation}"]', operator: 'In', values: ['${value}'] }`,
    "  next:",
    "    statusTemplate: |",
    ...status.split("\n").map((line) => `      ${line}`),
    "",
  ].join("\n");

const containers = (state: string) => ["containerStatuses:", "{{ range .spec.containers }}", "- image: {{ .image | Quote }}", "  name: {{ .name | Quote }}", "  ready: false", ...state.split("\n").map((line) => `  ${line}`), "{{ end }}"].join("\n");

/** ImagePullBackOff: the kubelet cannot pull the image (value `image-pull-backoff`). */
const imagePull = stage(
  "personapass-test-image-pull-backoff",
  "image-pull-backoff",
  ["phase: Pending", "conditions:", "- { type: PodScheduled, status: 'True' }", "- { type: Ready, status: 'False', reason: ContainersNotReady }", containers("restartCount: 0\nstate:\n  waiting: { reason: ImagePullBackOff, message: 'Back-off pulling image' }")].join("\n"),
);

/** A crash loop whose last run was OOM-killed (value `oom-crash-loop`). */
const oomCrashLoop = stage(
  "personapass-test-oom-crash-loop",
  "oom-crash-loop",
  [
    "phase: Running",
    "conditions:",
    "- { type: PodScheduled, status: 'True' }",
    "- { type: Ready, status: 'False', reason: ContainersNotReady }",
    containers("restartCount: 5\nstate:\n  waiting: { reason: CrashLoopBackOff }\nlastState:\n  terminated: { reason: OOMKilled, exitCode: 137, startedAt: '2026-12-02T09:00:00Z', finishedAt: '2026-12-02T09:00:30Z' }"),
  ].join("\n"),
);

export const troubleStages = `${imagePull}${oomCrashLoop}`;
