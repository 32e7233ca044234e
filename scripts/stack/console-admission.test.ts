// The admission policies' one list of allowed images and platform Secrets (console-admission.yaml)
// against what the platform really renders, and the documentation of the console's rights against
// the YAML it documents.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { starterSpec } from "@/lib/core/environments/starter-specs";
import { toPlain } from "@/manifests/kube-object";
import { clusterServices } from "@/manifests/platform-defaults";
import { renderPlatform } from "@/manifests/render-platform";
import { withPlatformGrafana } from "@/manifests/validate/fixtures";
import { admissionLists, documentedRights, imageAllowed, manifestDocs, rightsMarkdown } from "./console-rights";

// The starters, and dev running its own Grafana (observability.grafana): its image and admin Secret.
const rendered = [
  ...(["dev", "staging", "prod"] as const).flatMap((env) =>
    renderPlatform(starterSpec(env, env === "dev" ? "development" : env === "staging" ? "staging" : "production")).map(toPlain),
  ),
  ...renderPlatform(withPlatformGrafana(starterSpec("dev", "development"))).map(toPlain),
];

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
    expect(policies.map((policy) => policy.metadata.name).sort()).toEqual(
      ["claims", "envoyfilters", "namespaces", "operated", "pods", "role-bindings", "roles", "secrets", "services", "vpas"].map((name) => `personapass-console-${name}`),
    );
    for (const policy of policies.filter((p) => p.metadata.name !== "personapass-console-namespaces")) {
      expect(policy.spec.matchConditions).toEqual([{ name: "only-the-console", expression: `request.userInfo.username == '${console}'` }]);
    }
    // Pod Security labels of platform namespaces: the console, and everyone who may not change the policy.
    const namespaces = policies.find((p) => p.metadata.name === "personapass-console-namespaces");
    expect(namespaces.spec.matchConditions[0].expression).toContain(`request.userInfo.username == '${console}'`);
    expect(namespaces.spec.matchConditions[0].expression).toContain("resource('validatingadmissionpolicies').name('personapass-console-namespaces').check('update')");
    for (const binding of docs.filter((doc) => doc.kind === "ValidatingAdmissionPolicyBinding")) {
      const policy = policies.find((p) => p.metadata.name === binding.spec.policyName);
      expect(binding.spec.validationActions).toEqual(["Deny"]);
      expect(binding.spec.paramRef?.name).toBe(policy.spec.paramKind ? "personapass-console-admission" : undefined);
    }
  });
});

/** The top-level spec fields of every rendered object of a kind, and of its nested lists. */
function fieldsOf(kind: string, list?: (spec: any) => object[]): string[] {
  const objects = rendered.filter((object) => object.kind === kind) as Array<{ spec: any }>;
  const maps = list ? objects.flatMap((object) => list(object.spec) ?? []) : objects.map((object) => object.spec);
  return [...new Set(maps.flatMap((map) => Object.keys(map)))].sort();
}

/** Spec fields a CRD of the testbed defaults: the API server adds them to every object of that kind. */
function defaultedFields(kind: string): string[] {
  const crds = parseAllDocuments(readFileSync(join(import.meta.dirname, "crds/prometheus-operator.yaml"), "utf8")).map((doc) => doc.toJS());
  const crd = crds.find((doc) => doc.spec.names.kind === kind);
  const properties = crd.spec.versions.find((version: any) => version.storage).schema.openAPIV3Schema.properties.spec.properties;
  return Object.keys(properties).filter((field) => properties[field].default !== undefined);
}

// The operated resources' fields are an allow-list: each entry must be one the platform renders (or
// one the API server adds), so nothing that reaches a Secret, an image or a volume slips in unused.
describe("the operated resources' fields (console-admission.yaml)", () => {
  const lists = admissionLists();
  const union = (...lists: string[][]) => [...new Set(lists.flat())].sort();

  it("list exactly the fields the platform sets on Prometheus and Alertmanager, and those their CRDs default", () => {
    expect(lists.prometheusFields).toEqual(union(fieldsOf("Prometheus"), defaultedFields("Prometheus")));
    expect(lists.alertmanagerFields).toEqual(union(fieldsOf("Alertmanager"), defaultedFields("Alertmanager")));
    expect(lists.triggerAuthenticationFields).toEqual(fieldsOf("TriggerAuthentication"));
  });

  it("list exactly the scrape endpoint fields the platform uses, the kubelet monitor's token aside", () => {
    const used = union(fieldsOf("ServiceMonitor", (spec) => spec.endpoints), fieldsOf("PodMonitor", (spec) => spec.podMetricsEndpoints));
    expect(lists.scrapeEndpointFields).toEqual(used.filter((field) => field !== "bearerTokenFile" && field !== "tlsConfig"));
  });

  it("never list a field that names an image, a Secret, a volume or a credential", () => {
    const dangerous = ["image", "baseImage", "tag", "sha", "thanos", "containers", "initContainers", "volumes", "volumeMounts", "imagePullSecrets"];
    const credentials = ["additionalScrapeConfigs", "additionalAlertManagerConfigs", "additionalAlertRelabelConfigs", "additionalArgs", "remoteWrite", "web", "apiserverConfig"];
    const scalers = ["env", "podIdentity", "boundServiceAccountToken", "hashiCorpVault", "azureKeyVault", "awsSecretManager", "gcpSecretManager"];
    const endpoints = ["bearerTokenSecret", "bearerTokenFile", "basicAuth", "authorization", "oauth2", "tlsConfig", "proxyConnectHeader"];
    const listed = [...lists.prometheusFields, ...lists.alertmanagerFields, ...lists.triggerAuthenticationFields, ...lists.scrapeEndpointFields];
    expect(listed.filter((field) => [...dangerous, ...credentials, ...scalers, ...endpoints].includes(field))).toEqual([]);
  });
});

describe("scripts/stack/manifests/README.md", () => {
  it("documents exactly the rights and lists of the YAML (npx tsx scripts/stack/console-rights.ts --write)", () => {
    expect(documentedRights()).toBe(rightsMarkdown());
  });
});
