// Proofs that the local testbed behaves like a real cluster: the scheduler evaluates anti-affinity,
// Pod Security admission enforces, server-side apply tracks field ownership, rollouts complete.
import { AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy, type V1Deployment, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminKubeConfig, createTestNamespace, expectRefusal, waitFor } from "./test-support";

const kc = adminKubeConfig();
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
const objects = KubernetesObjectApi.makeApiClient(kc);

function deployment(name: string, namespace: string, replicas: number, image: string, extra: Partial<V1Deployment["spec"]> = {}): V1Deployment {
  const labels = { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "app", image }] } },
      ...extra,
    },
  };
}

const podsOf = async (namespace: string, app: string) =>
  (await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items.filter((p) => !p.metadata?.deletionTimestamp);
const isReady = (p: V1Pod) => p.status?.phase === "Running" && p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True");

describe("scheduling", () => {
  let ns: Awaited<ReturnType<typeof createTestNamespace>>;
  beforeAll(async () => (ns = await createTestNamespace(kc, "sched")));
  afterAll(() => ns?.cleanup());

  it("spreads 3 replicas with required hostname anti-affinity over 3 nodes and leaves a 4th Pending with the reason", async () => {
    const spec = deployment("wallet-api", ns.name, 3, "registry.local/wallet-api:1.0.0");
    spec.spec!.template.spec!.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "wallet-api" } }, topologyKey: "kubernetes.io/hostname" }],
      },
    };
    await apps.createNamespacedDeployment({ namespace: ns.name, body: spec });

    const running = await waitFor("3 Running pods", async () => {
      const pods = await podsOf(ns.name, "wallet-api");
      return pods.length === 3 && pods.every(isReady) && pods;
    });
    expect(new Set(running.map((p) => p.spec?.nodeName)).size).toBe(3);

    await objects.patch(
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "wallet-api", namespace: ns.name }, spec: { replicas: 4 } },
      undefined, undefined, undefined, undefined, PatchStrategy.MergePatch,
    );
    const pending = await waitFor("an unschedulable 4th pod", async () => {
      const pods = await podsOf(ns.name, "wallet-api");
      return pods.find((p) => p.status?.conditions?.some((c) => c.type === "PodScheduled" && c.reason === "Unschedulable"));
    });
    expect(pending.status?.phase).toBe("Pending");
    expect(pending.spec?.nodeName).toBeUndefined();
    const scheduled = pending.status?.conditions?.find((c) => c.type === "PodScheduled");
    expect(scheduled?.status).toBe("False");
    expect(scheduled?.message).toMatch(/0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules/);
    expect((await podsOf(ns.name, "wallet-api")).filter(isReady)).toHaveLength(3);
  });
});

describe("pod security admission", () => {
  let ns: Awaited<ReturnType<typeof createTestNamespace>>;
  beforeAll(async () => (ns = await createTestNamespace(kc, "psa", { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest" })));
  afterAll(() => ns?.cleanup());

  it("refuses a privileged pod in a restricted namespace with the admission message", async () => {
    const status = await expectRefusal(() =>
      core.createNamespacedPod({
        namespace: ns.name,
        body: { metadata: { name: "privileged" }, spec: { containers: [{ name: "app", image: "registry.local/x:1", securityContext: { privileged: true } }] } },
      }),
    );
    expect(status.code).toBe(403);
    expect(status.message).toContain('violates PodSecurity "restricted:latest"');
    expect(status.message).toContain('privileged (container "app" must not set securityContext.privileged=true)');
  });

  it("admits a pod that meets the restricted profile, so the refusal above is the policy at work", async () => {
    const pod = await core.createNamespacedPod({
      namespace: ns.name,
      body: {
        metadata: { name: "restricted-ok" },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
          containers: [{ name: "app", image: "registry.local/x:1", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
        },
      },
    });
    expect(pod.metadata?.uid).toBeTruthy();
  });
});

describe("server-side apply", () => {
  let ns: Awaited<ReturnType<typeof createTestNamespace>>;
  beforeAll(async () => (ns = await createTestNamespace(kc, "ssa")));
  afterAll(() => ns?.cleanup());

  const apply = (body: object, fieldManager: string, force = false) =>
    objects.patch(body as V1Deployment, undefined, undefined, fieldManager, force, PatchStrategy.ServerSideApply);

  it("answers 409 naming the conflicting field when a second manager changes a field the first owns", async () => {
    await apply(deployment("identity-service", ns.name, 2, "registry.local/identity-service:1.0.0"), "personapass-console");
    const change = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "identity-service", namespace: ns.name }, spec: { replicas: 5 } };

    const status = await expectRefusal(() => apply(change, "manual-edit"));
    expect(status.code).toBe(409);
    expect(status.reason).toBe("Conflict");
    expect(status.details?.causes?.map((c) => c.field)).toEqual([".spec.replicas"]);
    expect(status.details?.causes?.[0]?.message).toContain('conflict with "personapass-console"');

    // Forcing takes the field over, and the API server records the new owner.
    const forced = await apply(change, "manual-edit", true);
    expect(forced.spec?.replicas).toBe(5);
    const owner = forced.metadata?.managedFields?.find((m) => m.manager === "manual-edit");
    expect(JSON.stringify(owner?.fieldsV1)).toContain('"f:replicas"');
  });
});

describe("rollout", () => {
  let ns: Awaited<ReturnType<typeof createTestNamespace>>;
  beforeAll(async () => (ns = await createTestNamespace(kc, "rollout")));
  afterAll(() => ns?.cleanup());

  const rolledOut = (d: V1Deployment, replicas: number) => {
    const s = d.status;
    return (
      (s?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
      s?.replicas === replicas && s.updatedReplicas === replicas && s.availableReplicas === replicas &&
      s.conditions?.some((c) => c.type === "Progressing" && c.reason === "NewReplicaSetAvailable")
    );
  };

  it("completes a rollout to a new image", async () => {
    const spec = deployment("credential-worker", ns.name, 3, "registry.local/credential-worker:1.0.0", {
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    });
    await apps.createNamespacedDeployment({ namespace: ns.name, body: spec });
    await waitFor("first rollout", async () => rolledOut(await apps.readNamespacedDeployment({ name: "credential-worker", namespace: ns.name }), 3));

    // A strategic merge patch carries only the changed field, so it is not a whole V1Deployment.
    const imageChange = {
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "credential-worker", namespace: ns.name },
      spec: { template: { spec: { containers: [{ name: "app", image: "registry.local/credential-worker:1.1.0" }] } } },
    } as V1Deployment;
    const updated = await objects.patch(
      imageChange,
      undefined, undefined, undefined, undefined, PatchStrategy.StrategicMergePatch,
    );
    const generation = updated.metadata?.generation ?? 0;
    expect(generation).toBeGreaterThan(1);

    const done = await waitFor("rollout to 1.1.0", async () => {
      const d = await apps.readNamespacedDeployment({ name: "credential-worker", namespace: ns.name });
      return rolledOut(d, 3) && d;
    }, 60_000);
    expect(done.status?.observedGeneration).toBe(generation);

    const pods = await waitFor("only new pods left", async () => {
      const p = await podsOf(ns.name, "credential-worker");
      return p.length === 3 && p;
    });
    expect(pods.map((p) => p.spec?.containers[0]?.image)).toEqual(Array(3).fill("registry.local/credential-worker:1.1.0"));
    expect(pods.every(isReady)).toBe(true);
  });
});
