// The admission policies match the console's ServiceAccount only, so the console must have no way to
// act as another identity. The chain found in the SRE review of issue 7 (F2, with the attacker's H3
// and M4): (1) create the one Secret it may write, alertmanager-personapass, as a
// service-account-token Secret of `default` and read the token back; (2) bind its own platform
// ClusterRole to that ServiceAccount through RoleBinding personapass-deployer, and give it `patch` on
// the namespace through the per-environment ClusterRole it once rendered; (3) as `default`, lift the
// namespace's Pod Security and run a privileged, hostPID, hostPath:/ pod. Each step is tried in a
// freshly granted throw-away environment; the test passes only if no such pod ever exists.
import { AppsV1Api, CoreV1Api, KubeConfig, type KubernetesObject, KubernetesObjectApi, PatchStrategy, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminKubeConfig, applyObjects, consoleEnvironmentObjects, consoleKubeConfig, deleteObjects, expectRefusal, uniqueName, waitFor } from "./test-support";

const admin = adminKubeConfig();
const consoleKc = consoleKubeConfig();
const environment = uniqueName("chain");
const namespace = `personapass-${environment}`;
const grant = consoleEnvironmentObjects(environment, namespace);
const nodesRole = `personapass-${environment}-prometheus-nodes`;
const apply = (kc: KubeConfig, body: object, manager: string, dryRun?: "All") =>
  KubernetesObjectApi.makeApiClient(kc).patch(body as KubernetesObject, undefined, dryRun, manager, true, PatchStrategy.ServerSideApply);
const asToken = (token: string) => {
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser({ ...consoleKc.getCurrentCluster()!, name: "sa" }, { name: "sa", token });
  return kc;
};

beforeAll(() => applyObjects(admin, grant));
afterAll(async () => {
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  await rbac.deleteClusterRoleBinding({ name: `${environment}-namespace-patch` }).catch(() => undefined);
  await rbac.deleteClusterRole({ name: `${environment}-namespace-patch` }).catch(() => undefined);
  await deleteObjects(admin, grant);
});

describe("the console acting through a ServiceAccount of its own namespace", () => {
  it("cannot get a privileged hostPath pod into a platform namespace", async () => {
    const steps: string[] = [];
    const step = async (what: string, run: () => Promise<unknown>) => {
      try {
        await run();
        steps.push(`${what}: done`);
        return true;
      } catch (error) {
        const body = (error as { body?: unknown }).body;
        steps.push(`${what}: refused (${String(typeof body === "string" ? body : (error as Error).message).slice(0, 160)})`);
        return false;
      }
    };
    const core = consoleKc.makeApiClient(CoreV1Api);
    let token = "";
    const ok =
      (await step("1. console creates alertmanager-personapass as a service-account-token Secret of `default`", () =>
        apply(consoleKc, { apiVersion: "v1", kind: "Secret", type: "kubernetes.io/service-account-token", metadata: { name: "alertmanager-personapass", namespace, annotations: { "kubernetes.io/service-account.name": "default" } } }, "personapass-console"),
      )) &&
      (await step("1b. console reads the token back", async () => {
        token = await waitFor("the token controller", async () => {
          const secret = await core.readNamespacedSecret({ name: "alertmanager-personapass", namespace });
          return secret.data?.token ? Buffer.from(secret.data.token, "base64").toString() : undefined;
        });
      })) &&
      (await step("2. console binds its own platform ClusterRole to `default`", () =>
        apply(consoleKc, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "personapass-deployer", namespace }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "personapass-console-platform" }, subjects: [{ kind: "ServiceAccount", name: "default", namespace }] }, "personapass-console"),
      )) &&
      (await step("2b. console writes a per-environment ClusterRole with `patch` on its namespace and binds it to `default`", async () => {
        await apply(consoleKc, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: nodesRole }, rules: [{ apiGroups: [""], resources: ["namespaces"], resourceNames: [namespace], verbs: ["patch"] }] }, "personapass-console");
        await apply(consoleKc, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: nodesRole }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: nodesRole }, subjects: [{ kind: "ServiceAccount", name: "default", namespace }] }, "personapass-console");
      }));
    const asServiceAccount = asToken(token);
    const lifted =
      ok &&
      (await step("3. as `default`: the namespace's Pod Security becomes privileged", () =>
        apply(asServiceAccount, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "privileged" } } }, "chain-sa"),
      ));
    let podCreated = false;
    const name = uniqueName("node-root");
    if (lifted) {
      await step("3b. as `default`: a privileged, hostPID, hostPath:/ Deployment", () =>
        apply(asServiceAccount, {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name, namespace },
          spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { hostPID: true, containers: [{ name: "c", image: "docker.io/library/busybox:1.36", securityContext: { privileged: true }, volumeMounts: [{ name: "root", mountPath: "/host" }] }], volumes: [{ name: "root", hostPath: { path: "/" } }] } } },
        }, "chain-sa"),
      );
      podCreated = await waitFor("the pod", async () => (await admin.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: `app=${name}` })).items.length > 0, 30_000).catch(() => false);
      await admin.makeApiClient(AppsV1Api).deleteNamespacedDeployment({ name, namespace }).catch(() => undefined);
    }
    expect({ podCreated, firstStep: steps[0] }).toEqual({ podCreated: false, firstStep: expect.stringContaining("refused") });
  });

  it("cannot lift a platform namespace's Pod Security even as an identity someone else gave `patch` on it", async () => {
    // Belt and braces for step 3: personapass-console-namespaces holds for every identity that may
    // not change the policy, whoever granted it the namespace.
    const name = `${environment}-namespace-patch`;
    const objects = [
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name }, rules: [{ apiGroups: [""], resources: ["namespaces"], resourceNames: [namespace], verbs: ["get", "patch"] }] },
      { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name }, subjects: [{ kind: "ServiceAccount", name: "default", namespace }] },
    ];
    await applyObjects(admin, objects as KubernetesObject[]);
    const token = (await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name: "default", namespace, body: { spec: { expirationSeconds: 600 } } })).status!.token!;
    const status = await expectRefusal(() =>
      apply(asToken(token), { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "privileged" } } }, "chain-sa", "All"),
    );
    expect(status.code).toBe(403);
    expect(status.message).toContain("ValidatingAdmissionPolicy 'personapass-console-namespaces'");
    const labels = (await admin.makeApiClient(CoreV1Api).readNamespace({ name: namespace })).metadata?.labels ?? {};
    expect(labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });
});
