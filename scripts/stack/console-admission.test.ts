// The admission policies' one list of allowed images and platform Secrets (console-admission.yaml)
// against what the platform really renders, and the documentation of the console's rights against
// the YAML it documents.
import { describe, expect, it } from "vitest";
import { starterSpec } from "@/lib/core/environments/starter-specs";
import { toPlain } from "@/manifests/kube-object";
import { clusterServices } from "@/manifests/platform-defaults";
import { renderPlatform } from "@/manifests/render-platform";
import { admissionLists, documentedRights, imageAllowed, manifestDocs, rightsMarkdown } from "./console-rights";

const rendered = (["dev", "staging", "prod"] as const).flatMap((env) =>
  renderPlatform(starterSpec(env, env === "dev" ? "development" : env === "staging" ? "staging" : "production")).map(toPlain),
);

/** Every image and Secret name an object refers to, wherever the Kubernetes or operator API puts them. */
function references(value: unknown, found = { images: new Set<string>(), secrets: new Set<string>() }, key = "") {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (key === "secrets" && typeof item === "string") found.secrets.add(item);
      else references(item, found, key === "secretTargetRef" ? "secretRef" : key);
    }
  } else if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if ((key === "secretKeyRef" || key === "secretRef") && typeof object.name === "string") found.secrets.add(object.name);
    if (key === "secret" && typeof object.secretName === "string") found.secrets.add(object.secretName);
    for (const [child, inner] of Object.entries(object)) references(inner, found, child);
  } else if (typeof value === "string") {
    if (key === "image") found.images.add(value);
    if (key === "configSecret") found.secrets.add(value);
  }
  return found;
}

describe("the admission policies' lists (console-admission.yaml)", () => {
  const { allowedImages, platformSecrets } = admissionLists();
  const used = references(rendered);

  it("allow every image dev, staging and prod run", () => {
    expect(used.images.size).toBeGreaterThanOrEqual(6);
    expect([...used.images].filter((image) => !imageAllowed(image, allowedImages))).toEqual([]);
  });

  it("name exactly the Secrets the platform refers to", () => {
    expect([...used.secrets].sort()).toEqual([...platformSecrets].sort());
  });

  it("refuse look-alike registries", () => {
    expect(imageAllowed("registry.personapass.io.evil.example/personapass/wallet-api:1", allowedImages)).toBe(false);
    expect(imageAllowed("docker.io/library/redis-evil:1", allowedImages)).toBe(false);
    expect(imageAllowed("docker.io/library/redis@sha256:abc", allowedImages)).toBe(true);
  });

  it("apply to the console's ServiceAccount as the platform names it, with the one ConfigMap as parameter", () => {
    const docs = manifestDocs("console-admission.yaml") as any[];
    const policies = docs.filter((doc) => doc.kind === "ValidatingAdmissionPolicy");
    const console = `system:serviceaccount:${clusterServices.console.namespace}:${clusterServices.console.serviceAccount}`;
    expect(policies.length).toBe(4);
    for (const policy of policies) expect(policy.spec.matchConditions).toEqual([{ name: "only-the-console", expression: `request.userInfo.username == '${console}'` }]);
    for (const binding of docs.filter((doc) => doc.kind === "ValidatingAdmissionPolicyBinding")) {
      const policy = policies.find((p) => p.metadata.name === binding.spec.policyName);
      expect(binding.spec.validationActions).toEqual(["Deny"]);
      expect(binding.spec.paramRef?.name).toBe(policy.spec.paramKind ? "personapass-console-admission" : undefined);
    }
  });
});

describe("scripts/stack/manifests/README.md", () => {
  it("documents exactly the rights and lists of the YAML (npx tsx scripts/stack/console-rights.ts --write)", () => {
    expect(documentedRights()).toBe(rightsMarkdown());
  });
});
