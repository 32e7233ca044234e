import type { PlainObject, Problem } from './problem';
import { idOf } from './problem';

/** Sends one object to the API server as a server-side apply with dryRun=All; resolves to the
 *  server's refusal message, or undefined when it would accept it. Implemented over
 *  @kubernetes/client-node in scripts/manifests/kube-server-dry-run.ts. */
export type ServerDryRun = (object: PlainObject) => Promise<string | undefined>;

/** Dry-runs every object, in order (namespaces first), and reports each refusal. An object whose
 *  namespace is created by this same render cannot be dry-run before that namespace exists; it is
 *  not a refusal and is not reported (the deploy creates namespaces in its first wave). */
export async function checkWithServerDryRun(objects: readonly PlainObject[], dryRun: ServerDryRun): Promise<Problem[]> {
  const rendered = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const problems: Problem[] = [];
  for (const object of objects) {
    const refusal = await dryRun(object);
    if (refusal === undefined) continue;
    const missing = /namespaces "([^"]+)" not found/.exec(refusal)?.[1];
    if (missing && missing === object.metadata.namespace && rendered.has(missing)) continue;
    problems.push({ object: idOf(object), path: '', message: refusal, check: 'server-dry-run' });
  }
  return problems;
}
