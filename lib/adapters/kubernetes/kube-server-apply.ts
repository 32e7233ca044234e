// The server-side dry-run behind manifests/validate's ServerDryRun: a server-side apply with
// dryRun=All, as the deploy will do it for real, through @kubernetes/client-node.
import { ApiException, type KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import type { PlainObject } from '@/manifests/validate/problem';
import type { ServerDryRun } from '@/manifests/validate/server-dry-run';

export const fieldManager = 'personapass-console';

function refusal(error: unknown): string {
  if (error instanceof ApiException) {
    const body = typeof error.body === 'string' ? safeJson(error.body) : error.body;
    return `${error.code} ${body?.reason ?? ''}: ${body?.message ?? String(error.body)}`.trim();
  }
  return (error as Error).message;
}

function safeJson(text: string): { reason?: string; message?: string } | undefined {
  try {
    return JSON.parse(text) as { reason?: string; message?: string };
  } catch {
    return { message: text };
  }
}

// One client per kubeconfig: it caches API discovery across the objects of a plan.
const clients = new WeakMap<KubeConfig, KubernetesObjectApi>();

export function applyObject(kc: KubeConfig, object: PlainObject, dryRun: boolean) {
  const api = clients.get(kc) ?? KubernetesObjectApi.makeApiClient(kc);
  clients.set(kc, api);
  return api.patch(object, undefined, dryRun ? 'All' : undefined, fieldManager, true, PatchStrategy.ServerSideApply);
}

/** The server's answer to a dry-run apply of one object: undefined when accepted, else its message. */
export function kubeServerDryRun(kc: KubeConfig): ServerDryRun {
  return async (object) => {
    try {
      await applyObject(kc, object, true);
      return undefined;
    } catch (error) {
      return refusal(error);
    }
  };
}

export async function applyForReal(kc: KubeConfig, object: PlainObject): Promise<void> {
  try {
    await applyObject(kc, object, false);
  } catch (error) {
    throw new Error(`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}: ${refusal(error)}`);
  }
}
