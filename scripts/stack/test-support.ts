// Shared pieces of the stack's integration tests: kubeconfigs from the running stack, unique
// namespaces that clean themselves up, polling, and reading the API server's error answers.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ApiException, CoreV1Api, KubeConfig } from "@kubernetes/client-node";

export const stackDir =
  process.env.PERSONAPASS_STACK_DIR ?? join(process.env.PERSONAPASS_CACHE ?? join(homedir(), ".cache/personapass"), "stack");
const host = process.env.PP_HOST ?? "127.0.0.1";
export const prometheusUrl = `http://${host}:${process.env.PP_PROM_PORT ?? 59090}`;
export const trafficUrl = `http://${host}:${process.env.PP_TRAFFIC_PORT ?? 59100}`;

function loadKubeConfig(file: string): KubeConfig {
  const path = join(stackDir, "kube", file);
  if (!existsSync(path)) throw new Error(`${path} missing: start the stack with npm run stack:up`);
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

export const adminKubeConfig = () => loadKubeConfig("admin.kubeconfig");
export const consoleKubeConfig = () => loadKubeConfig("console.kubeconfig");

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
