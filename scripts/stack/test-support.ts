// Shared pieces of the stack's integration tests: kubeconfigs from the running stack, unique
// namespaces that clean themselves up, polling, and reading the API server's error answers.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ApiException, CoreV1Api, KubeConfig, type KubernetesObject, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";

export const stackDir =
  process.env.PERSONAPASS_STACK_DIR ?? join(process.env.PERSONAPASS_CACHE ?? join(homedir(), ".cache/personapass"), "stack");
const host = process.env.PP_HOST ?? "127.0.0.1";
export const prometheusUrl = `http://${host}:${process.env.PP_PROM_PORT ?? 59090}`;
export const trafficUrl = `http://${host}:${process.env.PP_TRAFFIC_PORT ?? 59100}`;
export const alertmanagerUrl = `http://${host}:${process.env.PP_ALERTMANAGER_PORT ?? 59093}`;
export const alertReceiverUrl = `http://${host}:${process.env.PP_ALERT_RECEIVER_PORT ?? 59094}`;

function loadKubeConfig(file: string): KubeConfig {
  const path = join(stackDir, "kube", file);
  if (!existsSync(path)) throw new Error(`${path} missing: start the stack with npm run stack:up`);
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

export const adminKubeConfig = () => loadKubeConfig("admin.kubeconfig");
export const consoleKubeConfig = () => loadKubeConfig("console.kubeconfig");

/** The API server's answer to a server-side dry-run apply as the console: "admitted" or its refusal (code and message). */
export async function consoleDryRunAnswer(body: object): Promise<string> {
  try {
    await KubernetesObjectApi.makeApiClient(consoleKubeConfig()).patch(body as KubernetesObject, undefined, "All", "personapass-console", true, PatchStrategy.ServerSideApply);
    return "admitted";
  } catch (error) {
    const { code, body: answer } = error as { code?: number; body?: unknown };
    return `${code} ${typeof answer === "string" ? answer : JSON.stringify(answer)}`;
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(2).toString("hex")}`;
}

/** Creates a uniquely named namespace; call the returned cleanup in afterAll. */
export async function createTestNamespace(kc: KubeConfig, prefix: string, labels: Record<string, string> = {}) {
  const core = kc.makeApiClient(CoreV1Api);
  const name = uniqueName(prefix);
  await core.createNamespace({ body: { metadata: { name, labels: { "personapass.dev/test": "stack", ...labels } } } });
  // The namespace controller needs the default ServiceAccount before pods are admitted.
  await waitFor(`default ServiceAccount in ${name}`, async () => {
    try {
      return await core.readNamespacedServiceAccount({ name: "default", namespace: name });
    } catch {
      return undefined;
    }
  });
  return {
    name,
    cleanup: () => core.deleteNamespace({ name }).then(() => undefined, () => undefined),
  };
}

/** wallet-api's synthetic traffic in dev as the stack starts it (the demo and other tests read it): put it back after steering. */
export const walletApiDevDefaults = { workload: "wallet-api", errorRatio: 0.001, rps: 50 };

/** Steers one workload's synthetic traffic (traffic-generator.mjs: errorRatio, rps, replicas, namespace...). */
export async function steerTraffic(settings: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${trafficUrl}/control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(settings) });
  if (res.status !== 200) throw new Error(`the traffic generator refused ${JSON.stringify(settings)}: ${res.status} ${await res.text()}`);
}

/** Polls `probe` until it returns a truthy value; the error names what was awaited and the last value. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await probe();
    if (last) return last as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface KubeStatus {
  code: number;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; message?: string; field?: string }[] };
}

/** Runs `call`, expecting the API server to refuse it; returns the Status it answered with. */
export async function expectRefusal(call: () => Promise<unknown>): Promise<KubeStatus> {
  try {
    await call();
  } catch (e) {
    if (e instanceof ApiException) {
      const body = typeof e.body === "string" ? JSON.parse(e.body) : e.body;
      return { ...body, code: e.code };
    }
    throw e;
  }
  throw new Error("expected the API server to refuse the request, but it succeeded");
}

/** console-environment.yaml for one environment, as components/kube.sh applies it. */
export function consoleEnvironmentObjects(environment: string, namespace: string): KubernetesObject[] {
  const template = readFileSync(join(import.meta.dirname, "manifests/console-environment.yaml"), "utf8");
  const text = template.replaceAll("${ENVIRONMENT}", environment).replaceAll("${NAMESPACE}", namespace);
  return parseAllDocuments(text).map((doc) => doc.toJS() as KubernetesObject);
}

/** Server-side applies objects in order, as the stack does with kubectl. */
export async function applyObjects(kc: KubeConfig, objects: KubernetesObject[], fieldManager = "personapass-stack-test"): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  for (const object of objects) await api.patch(object, undefined, undefined, fieldManager, true, PatchStrategy.ServerSideApply);
}

/** Deletes objects in reverse order, ignoring those already gone. */
export async function deleteObjects(kc: KubeConfig, objects: KubernetesObject[]): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  for (const object of [...objects].reverse()) await api.delete(object).catch(() => undefined);
}

/**
 * A namespace administrator of an environment's three namespaces `<id>`, `<id>-monitoring`,
 * `<id>-tracing`: ServiceAccount `deployer` in `<id>` with the built-in `admin` ClusterRole bound in
 * each and `patch` on them (and `get` on kube-system, which identifies the cluster). What an
 * administrator might hand the console instead of its own ServiceAccount. Apply as an admin; delete
 * with deleteObjects (the ClusterRole and ClusterRoleBinding are named `<id>`).
 */
export function namespaceAdminObjects(id: string): KubernetesObject[] {
  const namespaces = [id, `${id}-monitoring`, `${id}-tracing`];
  const rbac = "rbac.authorization.k8s.io";
  const deployer = { kind: "ServiceAccount", name: "deployer", namespace: id };
  const objects: object[] = [
    ...namespaces.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } })),
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "deployer", namespace: id } },
    ...namespaces.map((namespace) => ({ apiVersion: `${rbac}/v1`, kind: "RoleBinding", metadata: { name: "deployer-admin", namespace }, roleRef: { apiGroup: rbac, kind: "ClusterRole", name: "admin" }, subjects: [deployer] })),
    {
      apiVersion: `${rbac}/v1`,
      kind: "ClusterRole",
      metadata: { name: id },
      rules: [
        { apiGroups: [""], resources: ["namespaces"], resourceNames: namespaces, verbs: ["patch"] },
        { apiGroups: [""], resources: ["namespaces"], resourceNames: ["kube-system"], verbs: ["get"] },
      ],
    },
    { apiVersion: `${rbac}/v1`, kind: "ClusterRoleBinding", metadata: { name: id }, roleRef: { apiGroup: rbac, kind: "ClusterRole", name: id }, subjects: [deployer] },
  ];
  return objects as KubernetesObject[];
}

export { freePort } from "../../lib/test-support/free-port";
