// Probe of review 9b (attack2): the console's new right on VerticalPodAutoscalers has no admission
// bound. The platform renders only updateMode "Off" (the vertical-pod-autoscalers policy check is a
// render check, not a cluster one); as the console's ServiceAccount any mode is admitted, so a
// compromised console makes the VPA updater evict and resize every pod of the environment, the
// injected istio-proxy containers included (which no console-written template may size: the pods
// policy refuses every istio.io annotation but the inject switch).
import { type KubernetesObject, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import { expect, it } from "vitest";
import { consoleKubeConfig } from "./test-support";

const objects = KubernetesObjectApi.makeApiClient(consoleKubeConfig());
const platformNamespace = (process.env.PP_PLATFORM_NAMESPACES ?? "personapass-dev personapass-staging personapass-prod").split(/\s+/)[0]!;

async function answerTo(body: object): Promise<string> {
  try {
    await objects.patch(body as KubernetesObject, undefined, "All", "personapass-console", true, PatchStrategy.ServerSideApply);
    return "admitted";
  } catch (error) {
    const { code, body: answer } = error as { code?: number; body?: unknown };
    return `${code} ${typeof answer === "string" ? answer : JSON.stringify(answer)}`;
  }
}

it.each(["Recreate", "Auto", "InPlaceOrRecreate", "Initial"])("refuses a console-written VPA in updateMode %s", async (updateMode) => {
  const answer = await answerTo({
    apiVersion: "autoscaling.k8s.io/v1",
    kind: "VerticalPodAutoscaler",
    metadata: { name: "wallet-api", namespace: platformNamespace },
    spec: {
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "wallet-api" },
      updatePolicy: { updateMode, minReplicas: 1 },
      resourcePolicy: {
        containerPolicies: [{ containerName: "istio-proxy", mode: "Auto", controlledValues: "RequestsAndLimits", maxAllowed: { memory: "8Mi", cpu: "1m" } }],
      },
    },
  });
  expect(answer).toMatch(/^403 .*ValidatingAdmissionPolicy/);
});
