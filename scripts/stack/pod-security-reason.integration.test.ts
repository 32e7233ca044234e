// One rule for a baseline reason on both sides (review 9b, attack2, finding 4): a reason the spec
// accepts (lib/core/environments/pod-security.ts) must be one the cluster's namespace policy admits
// (personapass-console-namespaces in console-admission.yaml: size() in code points, words split at
// ' '), or the revision validates, plans, is approved, and its deploy fails at the Namespace; and a
// reason the spec refuses is one the cluster would refuse too (or the spec is stricter on purpose:
// control characters).
import { expect, it } from "vitest";
import { environmentSpecSchema, type EnvironmentSpec } from "@/lib/core/environments/environment-spec";
import { starterSpec } from "@/lib/core/environments/starter-specs";
import { toPlain } from "@/manifests/kube-object";
import { renderNamespaces } from "@/manifests/namespaces";
import type { PlainObject } from "@/manifests/validate/problem";
import { consoleDryRunAnswer } from "./test-support";

it.each([
  ["an ASCII reason", "Elasticsearch init container needs root", true],
  ["non-ASCII text", "réseau à l’hôte déjà ouvert", true],
  ["words separated by two spaces", "legacy  agent  needs root user", true],
  ["words separated by newlines", "legacy\nagent\nneeds\nroot\nuser", false],
  ["words separated by tabs", "legacy\tagent\tneeds\troot\tuser", false],
  ["non-ASCII text (23 UTF-16 units, 13 code points)", "🔒🔒🔒 🔒🔒🔒 🔒🔒🔒 🔒", false],
  ["19 code points in 20 UTF-16 units", "🔒 needs root here!!", false],
  ["astral characters counted once each", "🔒 legacy agent needs root", true],
])("the spec and the cluster agree on %s", async (_what, reason, accepted) => {
  const spec = { ...starterSpec("dev", "development"), podSecurity: { app: { level: "baseline", reason } } } as EnvironmentSpec;
  expect(environmentSpecSchema.safeParse(spec).success).toBe(accepted);
  const namespace = (renderNamespaces(spec).map(toPlain) as PlainObject[]).find((n) => n.metadata.name === "personapass-dev")!;
  const answer = await consoleDryRunAnswer(namespace);
  if (accepted) expect(answer).toBe("admitted");
  else expect(answer).toMatch(/^403 .*ValidatingAdmissionPolicy/);
});
