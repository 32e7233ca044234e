import type { PlainObject } from './cluster-gateway';
import { routingWaves, type Wave } from './waves';

// Which rollouts a run waits for before it routes traffic (the `rollout` wave): every Deployment,
// changed or not, whose pods a DestinationRule subset of the plan selects, i.e. the pods
// a route may send requests to (a new canary above all). One exception: a plan whose every routing
// object (Gateway, DestinationRule, VirtualService) is created and none deleted routes hosts that
// served nothing before (a first deploy), so it routes at once, as kubectl would. A namespace move
// (routes created here, deleted there), a DestinationRule recreated under a live VirtualService or
// a canary added to a live one are all gated. Pure: the run asks, the gateway polls.

type GateObject = { objectId: string; kind: string; action: string; wave: Wave | string; desired: PlainObject | null };

const contains = (labels: Record<string, string>, selector: Record<string, string> | undefined) => Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);

/** `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local` → the Service it names. */
function serviceOfHost(host: string, namespace: string | undefined): { name: string; namespace: string | undefined } {
  const [name = '', ns] = host.split('.');
  return { name, namespace: ns ?? namespace };
}

const routingKinds = new Set(['Gateway', 'DestinationRule', 'VirtualService']);

/** Whether the plan creates every routing object it holds and deletes none: hosts that served no traffic. */
function routesOnlyNewHosts(objects: readonly GateObject[]): boolean {
  const routing = objects.filter((object) => routingKinds.has(object.kind));
  return routing.length > 0 && routing.every((object) => object.action === 'create');
}

/** The objectIds of the Deployments a subset of one of the plan's DestinationRules selects. */
export function routedDeployments(objects: readonly GateObject[]): string[] {
  const desired = objects.flatMap((object) => (object.desired && object.action !== 'delete' ? [object.desired] : []));
  const services = desired.filter((object) => object.kind === 'Service');
  if (routesOnlyNewHosts(objects)) return [];
  const selected = desired
    .filter((object) => object.kind === 'DestinationRule')
    .flatMap((rule) => {
      const spec = (rule.spec ?? {}) as { host?: string; subsets?: Array<{ labels?: Record<string, string> }> };
      const target = serviceOfHost(spec.host ?? '', rule.metadata.namespace);
      const service = services.find((s) => s.metadata.name === target.name && s.metadata.namespace === target.namespace);
      const selector = (service?.spec as { selector?: Record<string, string> } | undefined)?.selector;
      return (spec.subsets ?? []).map((subset) => ({ namespace: target.namespace, selector, labels: subset.labels }));
    });
  return objects
    // Unchanged ones too: a canary left on the cluster by a run that failed at this gate is unchanged
    // in the next plan, and still not serving (waiting on a ready one returns at the first poll).
    .filter((object) => object.kind === 'Deployment' && object.action !== 'delete' && object.desired)
    .filter((object) => {
      const podLabels = ((object.desired!.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template?.metadata?.labels ?? {}) as Record<string, string>;
      return selected.some((subset) => subset.namespace === object.desired!.metadata.namespace && contains(podLabels, subset.selector) && contains(podLabels, subset.labels));
    })
    .map((object) => object.objectId);
}

/** Whether the run changes any route or subset: only then does it wait for the routed rollouts first. */
export function changesRouting(pending: readonly GateObject[]): boolean {
  return pending.some((object) => object.action !== 'delete' && object.action !== 'unchanged' && routingWaves.includes(object.wave as Wave));
}
