import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { environmentSpecSchema } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { readStoredSpec } from '@/lib/core/environments/stored-spec';
import { toPlain } from '../kube-object';
import { namespacesOf } from '../names';
import { renderPlatform } from '../render-platform';
import { checkDeadMansSwitch } from '../validate/dead-mans-switch';
import { egressAllowed } from '../validate/network-policy-egress';
import type { PlainObject } from '../validate/problem';
import { toYaml } from '../yaml-text';
import { alertmanagerConfig } from './alertmanager-config';

// The dead man's switch: healthchecks.io, Dead Man's Snitch and Cronitor ping URLs are their only
// secret (whoever knows one can keep the switch quiet while the monitoring is down), and Alertmanager
// types a webhook url as a secret. The spec only says whether the environment has one; the URL is a
// file of the alertmanager-receivers Secret, like the Slack and PagerDuty credentials.
const rendered = (spec: ReturnType<typeof starterSpec>) => renderPlatform(spec).map(toPlain) as PlainObject[];

describe("the dead man's switch URL", () => {
  it('is a credential, kept out of the spec and the rendered config like the Slack and PagerDuty ones', () => {
    const spec = starterSpec('staging', 'staging');
    spec.observability.deadMansSwitch = true;
    const config = alertmanagerConfig(spec);
    expect(config.receivers.find((r) => r.name === 'deadmansswitch')).toEqual({
      name: 'deadmansswitch',
      webhook_configs: [{ url_file: '/etc/alertmanager/secrets/alertmanager-receivers/dead-mans-switch-url', send_resolved: false, max_alerts: 1 }],
    });
    expect(toYaml(config)).not.toMatch(/\burl: /);
    expect(checkDeadMansSwitch(rendered(spec), { spec })).toEqual([]);
  });

  it('is refused in the spec, and a stored spec that had one reads as a switch without it', () => {
    const spec = structuredClone(starterSpec('staging', 'staging')) as unknown as { observability: Record<string, unknown> };
    spec.observability.deadMansSwitchUrl = 'https://hc-ping.com/6f1c0c1e-2b7a-4c47-9a3e-0d2f9b4c1a11';
    const parsed = environmentSpecSchema.safeParse(spec);
    expect(parsed.success).toBe(false);
    const stored = readStoredSpec(spec, 2);
    expect(stored.problems).toEqual([]);
    expect(stored.spec.observability.deadMansSwitch).toBe(true);
    expect(JSON.stringify(stored.spec)).not.toContain('hc-ping.com');
    // A stored spec from before the switch existed reads without one.
    const older = structuredClone(starterSpec('staging', 'staging')) as unknown as { observability: Record<string, unknown> };
    delete older.observability.deadMansSwitch;
    expect(readStoredSpec(older, 2).spec.observability.deadMansSwitch).toBe(false);
  });

  it('is reachable when it is https on 443, the only way out of the cluster Alertmanager has', () => {
    // The URL is in the Secret, so nothing can refuse an http one up front: its notifications fail
    // and PersonaPassAlertmanagerNotificationsFailing says so (integration="webhook").
    const spec = starterSpec('staging', 'staging');
    const pods = { namespace: namespacesOf(spec).monitoring, labels: { 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': 'personapass' } };
    expect(egressAllowed(rendered(spec), pods, { cidr: '192.0.2.10/32', port: 443 })).toBe(true);
    expect(egressAllowed(rendered(spec), pods, { cidr: '192.0.2.10/32', port: 80 })).toBe(false);
  });
});

describe('the dead-mans-switch policy', () => {
  it('fails production whose Watchdog reaches no one, and only production', () => {
    const prod = starterSpec('prod', 'production');
    expect(prod.observability.deadMansSwitch).toBe(true);
    expect(checkDeadMansSwitch(rendered(prod), { spec: prod })).toEqual([]);
    prod.observability.deadMansSwitch = false;
    expect(checkDeadMansSwitch(rendered(prod), { spec: prod })).toEqual([
      expect.objectContaining({ object: 'Secret/personapass-prod-monitoring/alertmanager-personapass', message: expect.stringMatching(/PersonaPassWatchdog reaches no one .*\(key dead-mans-switch-url\)/) }),
    ]);
    const staging = starterSpec('staging', 'staging');
    expect(staging.observability.deadMansSwitch).toBe(false);
    expect(checkDeadMansSwitch(rendered(staging), { spec: staging })).toEqual([]);
  });

  it('fails a receiver that carries its URL or key in the configuration, or reads a file no mounted Secret holds', () => {
    const spec = starterSpec('prod', 'production');
    const objects = rendered(spec);
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'alertmanager-personapass')! as PlainObject & { stringData: Record<string, string> };
    const config = parse(secret.stringData['alertmanager.yaml']!) as { receivers: Record<string, unknown>[] };
    const receiver = config.receivers.find((r) => r.name === 'deadmansswitch')!;
    receiver.webhook_configs = [{ url: 'https://hc-ping.com/6f1c0c1e' }, { url_file: '/etc/alertmanager/secrets/other/url' }];
    secret.stringData['alertmanager.yaml'] = toYaml(config);
    expect(checkDeadMansSwitch(objects, { spec }).map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/webhook_configs\[0\]\.url: deadmansswitch carries its url in the configuration; read it from the alertmanager-receivers Secret with url_file/),
      expect.stringMatching(/webhook_configs\[1\]\.url_file: deadmansswitch reads \/etc\/alertmanager\/secrets\/other\/url, which is in no Secret the Alertmanager mounts/),
    ]);
  });
});
