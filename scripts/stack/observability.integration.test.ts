// Proofs that Prometheus scrapes the synthetic traffic (and follows it when a test steers it) and
// that Jaeger stores and returns a trace emitted over OTLP.
import { afterAll, describe, expect, it } from "vitest";
import { emitTrace, findTrace, jaegerQueryUrl } from "./emit-trace";
import { prometheusUrl, trafficUrl, uniqueName, waitFor } from "./test-support";

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] }; error?: string };
  if (body.status !== "success") throw new Error(`PromQL ${promql}: ${body.error}`);
  return body.data.result;
}

async function steer(settings: Record<string, unknown>) {
  const res = await fetch(`${trafficUrl}/control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(settings) });
  expect(res.status).toBe(200);
}

describe("Prometheus and the synthetic traffic", () => {
  // A namespace label of its own keeps this test's series apart from the demo's and other runs'.
  const namespace = uniqueName("prom");
  afterAll(() => fetch(`${trafficUrl}/control?namespace=${namespace}`, { method: "DELETE" }));

  const errorRatio = `sum(rate(istio_requests_total{destination_workload="wallet-api",destination_workload_namespace="${namespace}",response_code=~"5.."}[6s]))
    / sum(rate(istio_requests_total{destination_workload="wallet-api",destination_workload_namespace="${namespace}"}[6s]))`;

  it("exposes every series of the metric vocabulary for the platform's workloads", async () => {
    const names = [
      "istio_requests_total", "istio_request_duration_milliseconds_bucket", "kube_deployment_spec_replicas",
      "kube_deployment_status_replicas_available", "kube_pod_container_status_restarts_total", "kube_pod_container_resource_limits",
      "kube_pod_container_resource_requests", "container_cpu_usage_seconds_total", "container_memory_working_set_bytes",
      "keda_scaler_metrics_value", "keda_scaler_active", 'redis_key_size{key="task_queue"}',
    ];
    const missing = await waitFor("all series scraped", async () => {
      const absent: string[] = [];
      for (const n of names) if ((await query(n)).length === 0) absent.push(n);
      return absent.length === 0 ? [] : undefined;
    }, 20_000, 1000);
    expect(missing).toEqual([]);
    const workloads = (await query("sum by (destination_workload) (istio_requests_total)")).map((r) => r.metric.destination_workload).sort();
    expect(workloads).toEqual(expect.arrayContaining(["credential-worker", "identity-service", "wallet-api"]));
  });

  it("moves wallet-api's error ratio after the test raises it to 8%", async () => {
    await steer({ workload: "wallet-api", namespace, errorRatio: 0.001 });
    const before = await waitFor("baseline error ratio", async () => {
      const [r] = await query(errorRatio);
      return r && Number(r.value[1]) < 0.01 && Number(r.value[1]);
    }, 30_000, 1000);
    expect(before).toBeLessThan(0.01);

    await steer({ workload: "wallet-api", namespace, errorRatio: 0.08 });
    // Once the whole rate window lies after the change, the ratio is the steered one.
    const after = await waitFor("error ratio at 8%", async () => {
      const [r] = await query(errorRatio);
      return r && Math.abs(Number(r.value[1]) - 0.08) < 0.004 && Number(r.value[1]);
    }, 30_000, 1000);
    expect(after).toBeGreaterThan(before * 8);
  });
});

describe("Jaeger", () => {
  it("finds a trace emitted for a service through the query API", async () => {
    const service = uniqueName("wallet-api");
    const { traceId } = await emitTrace({ service, operation: "POST /credentials", error: true, attributes: { "http.route": "/credentials" } });
    const trace = await findTrace(service, traceId);
    expect(trace.spans).toHaveLength(2);
    expect(trace.spans.map((s) => s.operationName).sort()).toEqual(["POST /credentials", "db.query"]);
    expect(Object.values(trace.processes).map((p) => p.serviceName)).toContain(service);
    const root = trace.spans.find((s) => s.operationName === "POST /credentials");
    expect(root?.tags).toContainEqual(expect.objectContaining({ key: "error", value: true }));

    const services = (await (await fetch(`${jaegerQueryUrl}/api/services`)).json()) as { data: string[] };
    expect(services.data).toContain(service);
  });
});
