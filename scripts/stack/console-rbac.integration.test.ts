// Proof that the console's ServiceAccount has its production rights and no more: it may manage
// workloads in the platform namespaces, and is refused everywhere else; the admission policies of
// manifests/console-admission.yaml refuse what RBAC cannot express.
import { AppsV1Api, CoreV1Api, type KubernetesObject, KubernetesObjectApi, PatchStrategy, RbacAuthorizationV1Api } from "@kubernetes/client-node";
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
    const securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
    const body = {
      metadata: { name },
      spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "registry.personapass.io/personapass/probe:1", securityContext }] } } },
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

// Everything below is a dry-run: if a refusal ever stopped working, nothing would be left behind.
describe("console ServiceAccount: named rights only", () => {
  const objects = KubernetesObjectApi.makeApiClient(consoleKc);
  const dryRunApply = (body: object) => objects.patch(body as KubernetesObject, undefined, "All", "personapass-console", true, PatchStrategy.ServerSideApply);

  it("is refused patching kube-system's labels", async () => {
    const status = await expectRefusal(() => dryRunApply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system", labels: { "pod-security.kubernetes.io/enforce": "privileged" } } }));
    expect(status.code).toBe(403);
    expect(status.message).toContain(`User "${consoleUser}" cannot patch resource "namespaces" in API group "" in the namespace "kube-system"`);
  });

  it("is refused writing a Role the platform does not render, even in a platform namespace", async () => {
    const status = await expectRefusal(() =>
      dryRunApply({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "anything-goes", namespace: platformNamespace }, rules: [] }),
    );
    expect(status.code).toBe(403);
    expect(status.message).toContain(`cannot patch resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "${platformNamespace}"`);
  });

  it("is refused binding a platform role to system:authenticated", async () => {
    const status = await expectRefusal(() =>
      dryRunApply({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { namespace: platformNamespace, name: "personapass-deployer" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "personapass-deployer" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:authenticated" }],
      }),
    );
    expect(status.code).toBe(403);
    expect(status.message).toContain("ValidatingAdmissionPolicy 'personapass-console-role-bindings'");
    expect(status.message).toContain("not Role personapass-deployer to Group system:authenticated");
  });

  it("is refused every cluster-scoped RBAC write (the administrator's grant holds Prometheus' ClusterRole)", async () => {
    const status = await expectRefusal(() =>
      dryRunApply({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "personapass-dev-prometheus-nodes" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "personapass-dev-prometheus-nodes" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:authenticated" }],
      }),
    );
    expect(status.code).toBe(403);
    expect(status.message).toContain(`User "${consoleUser}" cannot patch resource "clusterrolebindings"`);
  });
});

describe("console ServiceAccount: what it may put into pods", () => {
  const objects = KubernetesObjectApi.makeApiClient(consoleKc);
  const dryRunApply = (body: object) => objects.patch(body as KubernetesObject, undefined, "All", "personapass-console", true, PatchStrategy.ServerSideApply);
  const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } };
  const image = "registry.personapass.io/personapass/credential-worker:1.2.5";
  const job = (name: string, pod: Record<string, unknown>, container: Record<string, unknown> = {}) => ({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: platformNamespace },
    spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "job", image, securityContext: restricted, ...container }], ...pod } } },
  });
  const deployment = (name: string, pod: Record<string, unknown>, container: Record<string, unknown> = {}) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: platformNamespace },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image, securityContext: restricted, ...container }], ...pod } } },
  });
  const refusedBy = async (body: object, policy: string, message: string) => {
    const status = await expectRefusal(() => dryRunApply(body));
    expect(status.code).toBe(403);
    expect(status.message).toContain(`ValidatingAdmissionPolicy '${policy}'`);
    expect(status.message).toContain(message);
  };

  it("is refused a Job mounting a Secret that is not the platform's (it may write no Jobs), and a Deployment doing so", async () => {
    const secretVolume = (secretName: string) => ({ volumes: [{ name: "s", secret: { secretName } }] });
    const status = await expectRefusal(() => dryRunApply(job(uniqueName("steal"), secretVolume("default-token-of-someone-else"))));
    expect(status.code).toBe(403);
    expect(status.message).toContain(`cannot patch resource "jobs" in API group "batch"`);
    await refusedBy(deployment(uniqueName("steal"), secretVolume("default-token-of-someone-else")), "personapass-console-pods", "may only use the platform's Secrets (alertmanager-personapass,");
    expect((await dryRunApply(deployment(uniqueName("ok"), secretVolume("redis-auth")))).metadata?.uid).toBeDefined();
  });

  it("is refused reading an unrelated Secret through env, envFrom or a projected volume", async () => {
    const message = "may only use the platform's Secrets";
    await refusedBy(deployment(uniqueName("env"), {}, { env: [{ name: "X", valueFrom: { secretKeyRef: { name: "unrelated", key: "k" } } }] }), "personapass-console-pods", message);
    await refusedBy(deployment(uniqueName("envfrom"), {}, { envFrom: [{ secretRef: { name: "unrelated" } }] }), "personapass-console-pods", message);
    await refusedBy(deployment(uniqueName("projected"), { volumes: [{ name: "p", projected: { sources: [{ secret: { name: "unrelated" } }] } }] }), "personapass-console-pods", message);
  });

  it("is refused pods with hostPath, the host's network, privileged containers or images from elsewhere", async () => {
    await refusedBy(deployment(uniqueName("hostpath"), { volumes: [{ name: "root", hostPath: { path: "/" } }] }), "personapass-console-pods", "may not mount hostPath volumes");
    await refusedBy(deployment(uniqueName("hostnet"), { hostNetwork: true }), "personapass-console-pods", "may not run pods in the host's network, PID or IPC namespace");
    await refusedBy(deployment(uniqueName("privileged"), {}, { securityContext: { privileged: true } }), "personapass-console-pods", "may not run privileged containers");
    await refusedBy(deployment(uniqueName("image"), {}, { image: "docker.io/library/busybox:1.36" }), "personapass-console-pods", "images outside the allowed registries");
    const cron = { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: uniqueName("cron"), namespace: platformNamespace }, spec: { schedule: "@daily", jobTemplate: { spec: job("x", { volumes: [{ name: "root", hostPath: { path: "/" } }] }).spec } } };
    expect((await expectRefusal(() => dryRunApply(cron))).code).toBe(403);
  });

  it("is refused operator-made pods that use unrelated Secrets or the host", async () => {
    const monitoring = `${platformNamespace}-monitoring`;
    await refusedBy(
      { apiVersion: "monitoring.coreos.com/v1", kind: "Alertmanager", metadata: { name: "personapass", namespace: monitoring }, spec: { secrets: ["unrelated"] } },
      "personapass-console-operated",
      "may only use the platform's Secrets",
    );
    await refusedBy(
      { apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name: "personapass", namespace: monitoring }, spec: { hostNetwork: true } },
      "personapass-console-operated",
      "not hostNetwork",
    );
    await refusedBy(
      { apiVersion: "keda.sh/v1alpha1", kind: "TriggerAuthentication", metadata: { name: "redis-auth", namespace: platformNamespace }, spec: { secretTargetRef: [{ parameter: "password", name: "unrelated", key: "k" }] } },
      "personapass-console-operated",
      "may only use the platform's Secrets",
    );
  });

  it("leaves everyone else to RBAC and Pod Security: an admin's hostPath Deployment passes the policies", async () => {
    const ns = await createTestNamespace(adminKubeConfig(), "vap");
    try {
      const body = { ...deployment(uniqueName("admin"), { volumes: [{ name: "root", hostPath: { path: "/" } }] }), metadata: { name: "admin-hostpath", namespace: ns.name } };
      const admitted = await KubernetesObjectApi.makeApiClient(adminKubeConfig()).patch(body as KubernetesObject, undefined, "All", "test", true, PatchStrategy.ServerSideApply);
      expect(admitted.metadata?.uid).toBeDefined();
    } finally {
      await ns.cleanup();
    }
  });
});
