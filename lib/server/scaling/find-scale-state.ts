import { canScaleEnvironment, type Decision } from '@/lib/core/auth/roles';
import { componentNames, type ComponentName, environmentSpecSchema } from '@/lib/core/environments/environment-spec';
import { scaleView, type ScaleLive, type ScaleView } from '@/lib/core/environments/scale-view';
import { NotFound } from '@/lib/core/errors';
import type { LiveKind } from '@/lib/core/live/live-kinds';
import { trimDeployment, trimEvent, trimScaledObject } from '@/lib/core/live/trim';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { requireActor, type UseCaseContext } from '../context';
import { getEnvironment } from '../environments/get-environment';

/** How long a page waits for a watch it started to finish its first list; a running one answers at once. */
const syncWaitMs = 2_000;

/**
 * One component's scale as the scale panel shows it: the head revision's settings beside what runs
 * now, read from the process's shared watch caches (never a list of its own), and the autoscaler's
 * recent decisions. An unreachable cluster is said so, never shown as current.
 */
export async function findScaleState(ctx: UseCaseContext, environment: string, component: string): Promise<ScaleView & { canScale: Decision }> {
  const actor = requireActor(ctx);
  const head = await getEnvironment(ctx, environment);
  if (!(componentNames as readonly string[]).includes(component)) throw new NotFound(`${environment} has no component ${component}; its components are ${componentNames.join(', ')}`);
  const spec = parseOrThrow(environmentSpecSchema, head.spec, `revision ${head.number} of ${environment}`);
  const kinds: LiveKind[] = ['Deployment', 'ScaledObject', 'Event'];
  const { state } = ctx.deps.live;
  const subscriptions = kinds.map((kind) => state.subscribe({ cluster: spec.cluster, kind, namespace: spec.namespace }, () => undefined));
  try {
    // Settled: listed, not served, or failed (unreachable, or refused by the API server).
    const settled = () => subscriptions.every((s) => s.status().synced || s.status().notServed || s.status().error !== null);
    for (const until = Date.now() + syncWaitMs; !settled() && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 50));
    const statuses = subscriptions.map((s) => s.status());
    // A cache keeps its objects (and synced) when its cluster stops answering: never shown as current then.
    const down = statuses.find((s) => s.unreachableSince !== null);
    const refused = statuses.find((s) => s.error !== null && !s.synced && !s.notServed);
    const reachability: ScaleLive['reachability'] = down
      ? { state: 'unreachable', since: down.unreachableSince!, error: down.error }
      : refused
        ? { state: 'unreadable', error: refused.error! }
        : statuses.every((s) => s.synced || s.notServed)
          ? { state: 'reachable' }
          : { state: 'syncing' };
    const [deployments, scaledObjects, events] = subscriptions.map((s) => s.snapshot());
    const view = scaleView(environment, head.number, spec, component as ComponentName, {
      reachability,
      deployments: deployments!.map(trimDeployment),
      scaledObjects: scaledObjects!.map(trimScaledObject),
      events: events!.map(trimEvent),
    });
    return { ...view, canScale: canScaleEnvironment(actor, { name: environment }) };
  } finally {
    for (const subscription of subscriptions) subscription.close();
  }
}
