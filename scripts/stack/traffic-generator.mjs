// Synthetic traffic for the local stack: serves, in Prometheus text format, the series a real
// cluster exposes for the platform's workloads (Istio, kube-state-metrics, cAdvisor, KEDA,
// redis_exporter names; see DESIGN.md "Metric vocabulary"), so alerts, dashboards and the console's
// charts can be exercised against a real Prometheus. Values move every second and can be steered:
//
//   GET    /metrics                      Prometheus exposition
//   GET    /control                      current settings of every (namespace, workload)
//   POST   /control  {"workload":"wallet-api","errorRatio":0.08}   change settings; "namespace"
//                    is optional (default $PP_TRAFFIC_NAMESPACE) and a new one starts new series
//   DELETE /control?namespace=NS         drop a namespace's series (tests clean up with it)
//   POST   /reset                        back to the defaults
//
// No dependencies: node's http module only. Port: $PP_TRAFFIC_PORT on 127.0.0.1.
import { createServer } from "node:http";

const HOST = process.env.PP_HOST ?? "127.0.0.1";
const PORT = Number(process.env.PP_TRAFFIC_PORT ?? 59100);
const DEFAULT_NAMESPACE = process.env.PP_TRAFFIC_NAMESPACE ?? "personapass-dev";
const WORKLOADS = ["identity-service", "wallet-api", "credential-worker"];
const LATENCY_BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
const MIB = 1024 * 1024;

// Healthy figures for the dev environment: with these, none of the platform's alerts about the
// workloads fires (scripts/stack/alerting.integration.test.ts); steer one to make one fire.
const DEFAULTS = {
  "identity-service": { rps: 30, errorRatio: 0.002, latencyMs: 40, replicas: 3, available: 3, cpuCores: 0.2, memoryBytes: 300 * MIB, queueLength: 0 },
  "wallet-api": { rps: 50, errorRatio: 0.001, latencyMs: 60, replicas: 3, available: 3, cpuCores: 0.3, memoryBytes: 400 * MIB, queueLength: 0 },
  "credential-worker": { rps: 5, errorRatio: 0.0, latencyMs: 150, replicas: 2, available: 2, cpuCores: 0.2, memoryBytes: 200 * MIB, queueLength: 12 },
};
// Each container's requests and limits as the starter specs give them (lib/core/environments/
// starter-specs.ts), so the resource alerts compare usage with what the platform really asks for.
const RESOURCES = {
  "identity-service": { requests: { cpu: 0.5, memory: 1024 * MIB }, limits: { cpu: 2, memory: 4096 * MIB } },
  "wallet-api": { requests: { cpu: 0.25, memory: 512 * MIB }, limits: { cpu: 1, memory: 2048 * MIB } },
  "credential-worker": { requests: { cpu: 0.25, memory: 256 * MIB }, limits: { cpu: 1, memory: 1024 * MIB } },
};
const STEERABLE = ["rps", "errorRatio", "latencyMs", "replicas", "available", "cpuCores", "memoryBytes", "queueLength"];

/** key "namespace/workload" -> { settings, counters } */
const series = new Map();

function fresh(namespace, workload) {
  return {
    namespace,
    workload,
    settings: { ...DEFAULTS[workload] },
    ok: 0,
    errors: 0,
    buckets: LATENCY_BUCKETS_MS.map(() => 0),
    latencySum: 0,
    restarts: 0,
    cpuSeconds: 0,
  };
}

function reset() {
  series.clear();
  for (const w of WORKLOADS) series.set(`${DEFAULT_NAMESPACE}/${w}`, fresh(DEFAULT_NAMESPACE, w));
}

// Share of requests faster than `le` ms for a latency distribution with median `median` ms
// (log-logistic: simple, monotone, a long right tail like real latency).
function shareBelow(le, median) {
  return 1 / (1 + (median / le) ** 3);
}

function tick(seconds) {
  for (const s of series.values()) {
    const { rps, errorRatio, latencyMs, cpuCores } = s.settings;
    const n = rps * seconds;
    s.ok += n * (1 - errorRatio);
    s.errors += n * errorRatio;
    LATENCY_BUCKETS_MS.forEach((le, i) => (s.buckets[i] += n * shareBelow(le, latencyMs)));
    s.latencySum += n * latencyMs * 1.1;
    s.cpuSeconds += cpuCores * seconds;
  }
}

function labels(obj) {
  return `{${Object.entries(obj)
    .map(([k, v]) => `${k}="${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(",")}}`;
}

function podNames(s) {
  return Array.from({ length: s.settings.replicas }, (_, i) => `${s.workload}-5d8c7b9f4-${"abcdefghij"[i % 10]}${i}`);
}

function render() {
  const out = [];
  const family = (name, type, help) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  const all = [...series.values()];
  const mesh = (s) => ({
    reporter: "destination",
    destination_workload: s.workload,
    destination_workload_namespace: s.namespace,
    destination_service_name: s.workload,
    destination_service_namespace: s.namespace,
  });

  family("istio_requests_total", "counter", "Requests seen by the mesh (synthetic).");
  for (const s of all) {
    out.push(`istio_requests_total${labels({ ...mesh(s), response_code: "200" })} ${s.ok.toFixed(3)}`);
    out.push(`istio_requests_total${labels({ ...mesh(s), response_code: "500" })} ${s.errors.toFixed(3)}`);
  }
  family("istio_request_duration_milliseconds", "histogram", "Request latency seen by the mesh (synthetic).");
  for (const s of all) {
    const total = s.ok + s.errors;
    LATENCY_BUCKETS_MS.forEach((le, i) =>
      out.push(`istio_request_duration_milliseconds_bucket${labels({ ...mesh(s), response_code: "200", le })} ${s.buckets[i].toFixed(3)}`),
    );
    out.push(`istio_request_duration_milliseconds_bucket${labels({ ...mesh(s), response_code: "200", le: "+Inf" })} ${total.toFixed(3)}`);
    out.push(`istio_request_duration_milliseconds_sum${labels({ ...mesh(s), response_code: "200" })} ${s.latencySum.toFixed(3)}`);
    out.push(`istio_request_duration_milliseconds_count${labels({ ...mesh(s), response_code: "200" })} ${total.toFixed(3)}`);
  }

  family("kube_deployment_spec_replicas", "gauge", "Desired replicas of a Deployment (synthetic).");
  for (const s of all) out.push(`kube_deployment_spec_replicas${labels({ namespace: s.namespace, deployment: s.workload })} ${s.settings.replicas}`);
  family("kube_deployment_status_replicas_available", "gauge", "Available replicas of a Deployment (synthetic).");
  for (const s of all) out.push(`kube_deployment_status_replicas_available${labels({ namespace: s.namespace, deployment: s.workload })} ${s.settings.available}`);

  const perContainer = (name, value) => {
    for (const s of all) {
      for (const pod of podNames(s)) out.push(`${name}${labels({ namespace: s.namespace, pod, container: s.workload })} ${value(s)}`);
    }
  };
  family("kube_pod_container_status_restarts_total", "counter", "Container restarts (synthetic).");
  perContainer("kube_pod_container_status_restarts_total", (s) => s.restarts);
  for (const kind of ["limits", "requests"]) {
    family(`kube_pod_container_resource_${kind}`, "gauge", `Container resource ${kind} (synthetic).`);
    for (const s of all) {
      const { cpu, memory } = RESOURCES[s.workload][kind];
      for (const pod of podNames(s)) {
        const base = { namespace: s.namespace, pod, container: s.workload };
        out.push(`kube_pod_container_resource_${kind}${labels({ ...base, resource: "cpu", unit: "core" })} ${cpu.toFixed(3)}`);
        out.push(`kube_pod_container_resource_${kind}${labels({ ...base, resource: "memory", unit: "byte" })} ${memory}`);
      }
    }
  }
  family("container_cpu_usage_seconds_total", "counter", "Cumulative CPU time (synthetic).");
  perContainer("container_cpu_usage_seconds_total", (s) => s.cpuSeconds.toFixed(3));
  family("container_memory_working_set_bytes", "gauge", "Working set memory (synthetic).");
  perContainer("container_memory_working_set_bytes", (s) => Math.round(s.settings.memoryBytes));

  const worker = all.filter((s) => s.workload === "credential-worker");
  family("keda_scaler_metrics_value", "gauge", "Value of the KEDA scaler's metric (synthetic).");
  for (const s of worker) {
    out.push(`keda_scaler_metrics_value${labels({ namespace: s.namespace, scaledObject: s.workload, scaler: "s0-redis-task_queue", metric: "s0-redis-task_queue", type: "scaledobject" })} ${s.settings.queueLength}`);
  }
  family("keda_scaler_active", "gauge", "Whether the KEDA scaler is active (synthetic).");
  for (const s of worker) {
    out.push(`keda_scaler_active${labels({ namespace: s.namespace, scaledObject: s.workload, scaler: "s0-redis-task_queue", metric: "s0-redis-task_queue", type: "scaledobject" })} ${s.settings.queueLength > 0 ? 1 : 0}`);
  }
  family("redis_key_size", "gauge", "Length of a Redis key (synthetic).");
  for (const s of worker) out.push(`redis_key_size${labels({ namespace: s.namespace, db: "db0", key: "task_queue" })} ${s.settings.queueLength}`);
  return out.join("\n") + "\n";
}

function steer(body) {
  const { workload, namespace = DEFAULT_NAMESPACE, restart, ...changes } = body ?? {};
  if (!WORKLOADS.includes(workload)) throw new Error(`workload must be one of ${WORKLOADS.join(", ")}`);
  if (typeof namespace !== "string" || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) throw new Error("namespace must be a DNS label");
  for (const [k, v] of Object.entries(changes)) {
    if (!STEERABLE.includes(k)) throw new Error(`unknown setting ${k} (one of ${STEERABLE.join(", ")}, restart)`);
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new Error(`${k} must be a number >= 0`);
    if (k === "errorRatio" && v > 1) throw new Error("errorRatio must be between 0 and 1");
  }
  const key = `${namespace}/${workload}`;
  const s = series.get(key) ?? fresh(namespace, workload);
  Object.assign(s.settings, changes);
  if (restart) s.restarts += Number(restart) || 1;
  series.set(key, s);
  return { namespace, workload, ...s.settings, restarts: s.restarts };
}

function snapshot() {
  return [...series.values()].map((s) => ({ namespace: s.namespace, workload: s.workload, ...s.settings, restarts: s.restarts }));
}

function send(res, status, body, type = "application/json") {
  res.writeHead(status, { "content-type": type });
  res.end(type === "application/json" ? JSON.stringify(body) + "\n" : body);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", `http://${HOST}`);
  if (req.method === "GET" && url.pathname === "/metrics") return send(res, 200, render(), "text/plain; version=0.0.4");
  if (req.method === "GET" && url.pathname === "/healthz") return send(res, 200, "ok\n", "text/plain");
  if (req.method === "GET" && url.pathname === "/control") return send(res, 200, snapshot());
  if (req.method === "POST" && url.pathname === "/reset") {
    reset();
    return send(res, 200, snapshot());
  }
  if (req.method === "DELETE" && url.pathname === "/control") {
    const ns = url.searchParams.get("namespace");
    for (const [key, s] of series) if (s.namespace === ns) series.delete(key);
    return send(res, 200, snapshot());
  }
  if (req.method === "POST" && url.pathname === "/control") {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      try {
        send(res, 200, steer(JSON.parse(raw || "{}")));
      } catch (e) {
        send(res, 400, { error: { code: "InvalidInput", message: e.message } });
      }
    });
    return;
  }
  send(res, 404, { error: { code: "NotFound", message: `${req.method} ${url.pathname}` } });
});

reset();
let last = Date.now();
setInterval(() => {
  const now = Date.now();
  tick((now - last) / 1000);
  last = now;
}, 1000).unref();
server.listen(PORT, HOST, () => console.log(`traffic generator on http://${HOST}:${PORT}/metrics`));
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
