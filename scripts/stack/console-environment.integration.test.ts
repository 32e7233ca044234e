// The console's rights as a real cluster gets them: an environment granted with
// console-environment.yaml (and nothing else) is applied for real, every object, by the console's
// ServiceAccount, under the admission policies of console-admission.yaml.
import { AppsV1Api, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyForReal } from "@/lib/adapters/kubernetes/kube-server-apply";
import { starterSpec } from "@/lib/core/environments/starter-specs";
import { toPlain } from "@/manifests/kube-object";
import { renderPlatform } from "@/manifests/render-platform";
import type { PlainObject } from "@/manifests/validate/problem";
import { adminKubeConfig, applyObjects, consoleEnvironmentObjects, consoleKubeConfig, deleteObjects, expectRefusal, uniqueName } from "./test-support";

const admin = adminKubeConfig();
const environment = uniqueName("ce");
const spec = { ...starterSpec(environment, "production"), namespace: `personapass-${environment}` };
const grant = consoleEnvironmentObjects(environment, spec.namespace);
const platform = renderPlatform(spec).map(toPlain) as PlainObject[];

beforeAll(() => applyObjects(admin, grant));
// The grant's namespaces take everything the console applied with them.
afterAll(() => deleteObjects(admin, grant));

describe("an environment granted to the console with console-environment.yaml", () => {
  it("is applied for real by the console, every object of production included", async () => {
    const kc = consoleKubeConfig();
    const refused: string[] = [];
    for (const object of platform) await applyForReal(kc, object).catch((error: Error) => refused.push(error.message));
    expect(refused).toEqual([]);
    const deployments = await admin.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: spec.namespace });
    expect(deployments.items.map((d) => d.metadata?.name).sort()).toEqual(["credential-worker", "identity-service", "redis", "wallet-api"]);
  });

  it("then may not remove or weaken the Pod Security labels of its namespaces", async () => {
    const kc = consoleKubeConfig();
    const namespace = platform.find((o) => o.kind === "Namespace" && o.metadata.name === spec.namespace)!;
    const labels = namespace.metadata.labels as Record<string, string>;
    const refusedWith = async (write: () => Promise<unknown>, message: string) => {
      const status = await expectRefusal(write);
      expect(status.code).toBe(403);
      expect(status.message).toContain(`ValidatingAdmissionPolicy 'personapass-console-namespaces'`);
      expect(status.message).toContain(message);
    };
    await refusedWith(
      () =>
        KubernetesObjectApi.makeApiClient(kc).patch(
          { ...namespace, metadata: { ...namespace.metadata, labels: { ...labels, "pod-security.kubernetes.io/enforce": "privileged" } } } as never,
          undefined,
          "All",
          "personapass-console",
          true,
          PatchStrategy.ServerSideApply,
        ),
      "a platform namespace must enforce the restricted Pod Security Standard",
    );
    // Leaving a label out of an apply keeps it (the grant owns it too); a merge patch removes it.
    const removal = { apiVersion: "v1", kind: "Namespace", metadata: { name: spec.namespace, labels: { "pod-security.kubernetes.io/audit": null } } };
    await refusedWith(
      () => KubernetesObjectApi.makeApiClient(kc).patch(removal as never, undefined, "All", "personapass-console", undefined, PatchStrategy.MergePatch),
      "the Pod Security labels of a platform namespace may not be removed",
    );
  });
});
