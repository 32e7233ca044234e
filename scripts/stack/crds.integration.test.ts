// Proofs that the Istio, KEDA and Prometheus Operator CRDs carry their real schemas: the API server
// accepts valid objects of those kinds and refuses invalid ones.
import { KubernetesObjectApi, type KubernetesObject } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminKubeConfig, createTestNamespace, expectRefusal } from "./test-support";

const kc = adminKubeConfig();
const objects = KubernetesObjectApi.makeApiClient(kc);
let ns: Awaited<ReturnType<typeof createTestNamespace>>;
beforeAll(async () => (ns = await createTestNamespace(kc, "crds")));
afterAll(() => ns?.cleanup());

const create = (body: object) => objects.create(body as KubernetesObject);

describe("Istio VirtualService schema", () => {
  const virtualService = (spec: object) => ({
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "wallet-api", namespace: ns.name },
    spec,
  });
  const route = { route: [{ destination: { host: "wallet-api", port: { number: 8080 } }, weight: 100 }] };

  it("accepts a valid VirtualService", async () => {
    const created = await objects.create(virtualService({ hosts: ["wallet-api"], http: [{ ...route, timeout: "5s" }] }) as KubernetesObject);
    expect(created.metadata?.uid).toBeTruthy();
    await objects.delete(created);
  });

  it("refuses a VirtualService whose hosts is a string instead of a list", async () => {
    const status = await expectRefusal(() => create(virtualService({ hosts: "wallet-api", http: [route] })));
    expect(status.code).toBe(422);
    expect(status.reason).toBe("Invalid");
    expect(status.details?.causes).toContainEqual(expect.objectContaining({ field: "spec.hosts", message: expect.stringContaining("must be of type array") }));
  });

  it("refuses a VirtualService whose retry attempts is not an integer", async () => {
    const status = await expectRefusal(() => create(virtualService({ hosts: ["wallet-api"], http: [{ ...route, retries: { attempts: "three" } }] })));
    expect(status.code).toBe(422);
    expect(status.details?.causes).toContainEqual(expect.objectContaining({ field: "spec.http[0].retries.attempts", message: expect.stringContaining("must be of type integer") }));
  });
});

describe("KEDA and Prometheus Operator schemas", () => {
  it("refuses a ScaledObject without scaleTargetRef", async () => {
    const status = await expectRefusal(() =>
      create({ apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "credential-worker", namespace: ns.name }, spec: { triggers: [{ type: "redis", metadata: { listName: "task_queue" } }] } }),
    );
    expect(status.code).toBe(422);
    expect(status.details?.causes).toContainEqual(expect.objectContaining({ field: "spec.scaleTargetRef" }));
  });

  it("refuses a ServiceMonitor whose endpoints is not a list", async () => {
    const status = await expectRefusal(() =>
      create({ apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "wallet-api", namespace: ns.name }, spec: { selector: {}, endpoints: { port: "http" } } }),
    );
    expect(status.code).toBe(422);
    expect(status.details?.causes).toContainEqual(expect.objectContaining({ field: "spec.endpoints", message: expect.stringContaining("must be of type array") }));
  });

  it("accepts a valid PrometheusRule", async () => {
    const created = await create({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "wallet-api", namespace: ns.name },
      spec: { groups: [{ name: "wallet-api", rules: [{ alert: "WalletApiErrors", expr: "sum(rate(istio_requests_total[5m])) > 1", for: "5m" }] }] },
    });
    expect(created.metadata?.uid).toBeTruthy();
  });
});
