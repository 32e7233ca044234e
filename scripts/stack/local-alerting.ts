// The platform's alerting as the local stack runs it: the rendered rule groups and Alertmanager
// routing of the local environments, with two stack-only changes the render never makes — every
// `for:` and routing interval divided (tests see an alert fire in seconds, not minutes), and every
// receiver that notifies anyone (Slack, PagerDuty, the dead man's switch) pointed at the stack's
// test receiver on loopback, which records what it gets (alert-receiver.mjs).
import type { EnvironmentSpec, Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { alertmanagerConfig } from '@/manifests/monitoring/alertmanager-config';
import { ruleGroups } from '@/manifests/monitoring/prometheus-rule';

/** The environments the seed creates (lib/server/seed-environments.ts), by name. */
const tierOf: Record<string, Tier> = { dev: 'development', staging: 'staging', prod: 'production' };

export function localEnvironmentSpecs(names: string[]): EnvironmentSpec[] {
  return names.map((name) => starterSpec(name, tierOf[name] ?? 'development'));
}

const unitSeconds: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds of a Prometheus duration (`1h30m`, `5m`, `0s`). */
export function durationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a Prometheus duration: ${text}`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * unitSeconds[unit as string]!, 0);
}

/** A duration divided by `divisor`, in whole seconds, never below one second unless it was zero. */
export function shortened(text: string, divisor: number): string {
  const seconds = durationSeconds(text);
  if (seconds === 0 || divisor === 1) return text;
  return `${Math.max(1, Math.round(seconds / divisor))}s`;
}

/** The rule groups of one environment, `for:` divided by `divisor`. */
export function localRuleGroups(spec: EnvironmentSpec, divisor: number) {
  return ruleGroups(spec).map((group) => ({ ...group, rules: group.rules.map((rule) => ({ ...rule, for: shortened(rule.for, divisor) })) }));
}

type Route = { receiver?: string; matchers?: string[]; group_wait?: string; group_interval?: string; repeat_interval?: string; routes?: Route[]; [key: string]: unknown };
type Receiver = { name: string; [configs: string]: unknown };

const timings = ['group_wait', 'group_interval', 'repeat_interval'] as const;

function localRoute(route: Route, rename: (name: string) => string, divisor: number): Route {
  const out: Route = { ...route };
  if (route.receiver) out.receiver = rename(route.receiver);
  for (const key of timings) if (route[key]) out[key] = shortened(route[key], divisor);
  if (route.routes) out.routes = route.routes.map((r) => localRoute(r, rename, divisor));
  return out;
}

/** A receiver that notifies through any integration becomes one webhook to the test receiver, named
 *  after it; one that notifies no one (the Watchdog's without a dead man's switch) stays empty. */
function localReceiver(receiver: Receiver, name: string, receiverUrl: string): Receiver {
  const configs = Object.entries(receiver).filter(([key]) => key.endsWith('_configs')).flatMap(([, list]) => list as Array<{ send_resolved?: boolean }>);
  if (configs.length === 0) return { name };
  const sendResolved = configs.some((c) => c.send_resolved !== false);
  return { name, webhook_configs: [{ url: `${receiverUrl}/notify/${encodeURIComponent(name)}`, send_resolved: sendResolved }] };
}

/**
 * One Alertmanager for every local environment: each environment's own routing tree under a route
 * that matches its `environment` label (every platform alert carries it), its receivers named per
 * environment where the platform's names are shared (pagerduty, deadmansswitch), its inhibition
 * confined to its own alerts.
 */
export function localAlertmanagerConfig(specs: EnvironmentSpec[], options: { divisor: number; receiverUrl: string }) {
  const { divisor, receiverUrl } = options;
  const receivers: Receiver[] = [{ name: 'unrouted', webhook_configs: [{ url: `${receiverUrl}/notify/unrouted`, send_resolved: true }] }];
  const routes: Route[] = [];
  const inhibitRules: unknown[] = [];
  for (const spec of specs) {
    const config = alertmanagerConfig(spec);
    const rename = (name: string) => (name.includes(spec.name) ? name : `${name}-${spec.name}`);
    receivers.push(...(config.receivers as Receiver[]).map((r) => localReceiver(r, rename(r.name), receiverUrl)));
    const envRoute = localRoute(config.route as Route, rename, divisor);
    routes.push({ ...envRoute, matchers: [`environment="${spec.name}"`] });
    const scoped = `environment="${spec.name}"`;
    inhibitRules.push(...config.inhibit_rules.map((rule) => ({ ...rule, source_matchers: [...rule.source_matchers, scoped], target_matchers: [...rule.target_matchers, scoped] })));
  }
  return {
    route: { receiver: 'unrouted', group_by: ['alertname', 'environment'], group_wait: '1s', group_interval: shortened('5m', divisor), repeat_interval: shortened('4h', divisor), routes },
    inhibit_rules: inhibitRules,
    receivers,
  };
}
