// Proof that the console's ServiceAccount has its production rights and no more: it may manage
// workloads in the platform namespaces, and is refused everywhere else.
import { AppsV1Api, CoreV1Api, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminKubeConfig, consoleKubeConfig, createTestNamespace, expectRefusal, uniqueName } from "./test-support";

const consoleKc = consoleKubeConfig();
const core = consoleKc.makeApiClient(CoreV1Api);
const apps = consoleKc.makeApiClient(AppsV1Api);
const rbac = consoleKc.makeApiClient(RbacAuthorizationV1Api);
const platformNamespace = (process.env.PP_PLATFORM_NAMESPACES ?? "personapass-dev personapass-staging personapass-prod").split(/\s+/)[0]!;
const consoleUser = "system:serviceaccount:personapass-system:personapass-console";

describe("console ServiceAccount", () => {
  const admin = adminKubeConfig();
  const escalation = uniqueName("escalate");
  let other: Awaited<ReturnType<typeof createTestNamespace>>;
  beforeAll(async () => (other = await createTestNamespace(admin, "rbac")));
  afterAll(async () => {
    await other?.cleanup();
    // Only exists if the refusal test failed; never leave a cluster-admin grant behind.
    await admin.makeApiClient(RbacAuthorizationV1Api).deleteClusterRoleBinding({ name: escalation }).catch(() => undefined);
  });

  it("may create and delete a Deployment in a platform namespace", async () => {
    const name = uniqueName("rbac-probe");
    const body = {
      metadata: { name },
      spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "registry.local/probe:1" }] } } },
    };
    const created = await apps.createNamespacedDeployment({ namespace: platformNamespace, body });
    expect(created.metadata?.uid).toBeTruthy();
    await apps.deleteNamespacedDeployment({ name, namespace: platformNamespace });
  });

  it("is refused listing Secrets in kube-system", async () => {
    const status = await expectRefusal(() => core.listNamespacedSecret({ namespace: "kube-system" }));
    expect(status.code).toBe(403);
    expect(status.message).toContain(`User "${consoleUser}" cannot list resource "secrets" in API group "" in the namespace "kube-system"`);
  });

  it("is refused reading Secrets even in its own platform namespaces", async () => {
    const status = await expectRefusal(() => core.listNamespacedSecret({ namespace: platformNamespace }));
    expect(status.code).toBe(403);
  });

  it("is refused creating workloads outside the platform namespaces", async () => {
    const status = await expectRefusal(() =>
      apps.createNamespacedDeployment({
        namespace: other.name,
        body: { metadata: { name: "x" }, spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i" }] } } } },
      }),
    );
    expect(status.code).toBe(403);
    expect(status.message).toContain(`cannot create resource "deployments" in API group "apps" in the namespace "${other.name}"`);
  });

  it("is refused granting itself cluster-admin", async () => {
    const status = await expectRefusal(() =>
      rbac.createClusterRoleBinding({
        body: {
          metadata: { name: escalation },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
          subjects: [{ kind: "ServiceAccount", name: "personapass-console", namespace: "personapass-system" }],
        },
      }),
    );
    expect(status.code).toBe(403);
  });
});
