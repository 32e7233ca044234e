// Probe of review 9b (attack2): a baseline reason the spec accepts (lib/core/environments/pod-security.ts
// counts words split at any white space and length in UTF-16 units) must be one the cluster's
// namespace policy admits (console-admission.yaml counts words split at ' ' only and size() in code
// points): otherwise the revision validates, plans, is approved, and its deploy fails at the Namespace.
import { type KubernetesObject, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import { expect, it } from "vitest";
import { environmentSpecSchema } from "@/lib/core/environments/environment-spec";
import { starterSpec } from "@/lib/core/environments/starter-specs";
import { toPlain } from "@/manifests/kube-object";
import { renderNamespaces } from "@/manifests/namespaces";
import { consoleKubeConfig } from "./test-support";

const objects = KubernetesObjectApi.makeApiClient(consoleKubeConfig());

async function answerTo(body: object): Promise<string> {
  try {
    await objects.patch(body as KubernetesObject, undefined, "All", "personapass-console", true, PatchStrategy.ServerSideApply);
    return "admitted";
  } catch (error) {
    const { code, body: answer } = error as { code?: number; body?: unknown };
    return `${code} ${typeof answer === "string" ? answer : JSON.stringify(answer)}`;
  }
}

it.each([
  ["words separated by newlines", "legacy\nagent\nneeds\nroot\nuser"],
  ["non-ASCII text (20 UTF-16 units, fewer code points)", "🔒🔒🔒 🔒🔒🔒 🔒🔒🔒 🔒"],
])("a reason the spec accepts (%s) is admitted on the namespace", async (_what, reason) => {
  const spec = environmentSpecSchema.parse({ ...starterSpec("dev", "development"), podSecurity: { app: { level: "baseline", reason } } });
  const namespace = renderNamespaces(spec).map(toPlain).find((n) => n.metadata?.name === "personapass-dev")!;
  expect(await answerTo(namespace)).toBe("admitted");
});
