import { canReadEnvironments, type Actor } from '@/lib/core/auth/roles';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import { namespacedLiveKinds, type WatchKey } from '@/lib/core/live/live-kinds';
import type { LiveChange, LiveSubscription } from '@/lib/core/live/live-state';
import type { StreamedEvent } from '../http/server-sent-events';
import { requireActor, type UseCaseContext } from '../context';
import { getEnvironment } from '../environments/get-environment';

export type LiveStream = {
  events: (signal: AbortSignal) => AsyncGenerator<StreamedEvent | 'heartbeat'>;
  close: () => void;
};

/** `<epoch>.<seq>`: the LiveState that numbered the change, and its number. */
export const liveEventId = (epoch: string, seq: number) => `${epoch}.${seq}`;

/**
 * The live Kubernetes state of an environment's namespaces as a stream: a snapshot (every watched
 * kind in each namespace, with each watch's status), then each change as the shared caches see it.
 * With the id of an event this process sent, it resumes after that event when the caches still
 * hold every change since; otherwise it starts with a fresh snapshot. Never watches anything itself:
 * it subscribes to the process's shared caches, so a thousand viewers cost the API server nothing more.
 */
export async function openEnvironmentLiveStream(ctx: UseCaseContext, name: string, lastEventId: { epoch: string; seq: number } | null, reauthenticate: () => Promise<Actor | null>): Promise<LiveStream> {
  const actor = requireActor(ctx);
  const head = await getEnvironment(ctx, name);
  const close = ctx.deps.live.admission.admit(actor.userId);
  const keys: WatchKey[] = Object.values(platformNamespaces(head.spec)).flatMap((namespace) => namespacedLiveKinds.map((kind) => ({ cluster: head.spec.cluster, kind, namespace })));
  const stillAllowed = async () => {
    const now = await reauthenticate().catch(() => null);
    return now !== null && now.userId === actor.userId && canReadEnvironments(now).allowed;
  };
  return { events: (signal) => follow(ctx, keys, lastEventId, signal, stillAllowed), close };
}

async function* follow(ctx: UseCaseContext, keys: WatchKey[], last: { epoch: string; seq: number } | null, signal: AbortSignal, stillAllowed: () => Promise<boolean>): AsyncGenerator<StreamedEvent | 'heartbeat'> {
  const { state, timing } = ctx.deps.live;
  const inbox: LiveChange[] = [];
  let wake: (() => void) | null = null;
  // The client fell too far behind (the stream is pulled only as it reads, so the inbox grows while
  // it does not): keep nothing more, and end the stream when it next reads.
  let behind = false;
  const subscriptions: LiveSubscription[] = keys.map((key) =>
    state.subscribe(key, (change) => {
      if (behind) return;
      inbox.push(change);
      if (inbox.length > timing.maxUnsentChanges) {
        behind = true;
        inbox.length = 0;
      }
      wake?.();
    }),
  );
  try {
    // Subscribed first, read second, all in one turn: nothing falls between the snapshot and the inbox.
    let cursor = state.sequence();
    const replay = last && last.epoch === state.epoch ? subscriptions.map((subscription) => subscription.changesSince(last.seq)) : null;
    if (replay && replay.every((changes) => changes !== null)) {
      cursor = last!.seq;
    } else {
      const objects = subscriptions.flatMap((subscription) => subscription.snapshot());
      yield { id: liveEventId(state.epoch, cursor), data: { type: 'snapshot', objects, statuses: subscriptions.map((subscription) => subscription.status()) } };
    }
    const pending = (replay ?? []).flat().filter((change): change is LiveChange => change !== null);
    inbox.unshift(...pending.sort((a, b) => a.seq - b.seq));

    const until = Date.now() + timing.maxMs;
    let checkAt = Date.now() + timing.recheckMs;
    while (!signal.aborted && Date.now() < until && !behind) {
      if (inbox.length === 0) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            wake = null;
            resolve();
          };
          const timer = setTimeout(done, Math.max(0, Math.min(timing.heartbeatMs, until - Date.now(), checkAt - Date.now())));
          signal.addEventListener('abort', done, { once: true });
          wake = done;
        });
      }
      if (Date.now() >= checkAt) {
        if (!(await stillAllowed())) return;
        checkAt = Date.now() + timing.recheckMs;
      }
      if (inbox.length === 0) {
        yield 'heartbeat';
        continue;
      }
      for (const change of inbox.splice(0).sort((a, b) => a.seq - b.seq)) {
        // Changes after a dropped one are not sent: the client resumes from the last one it got.
        if (behind) return;
        if (change.seq <= cursor) continue;
        cursor = change.seq;
        const { seq: _seq, ...data } = change;
        yield { id: liveEventId(state.epoch, change.seq), data };
      }
    }
  } finally {
    for (const subscription of subscriptions) subscription.close();
  }
}
