import { describe, expect, it } from 'vitest';
import { environmentSpecSchema } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { namespacesOf } from '../names';
import { renderPlatform } from '../render-platform';
import { egressAllowed } from '../validate/network-policy-egress';
import type { PlainObject } from '../validate/problem';
import { toYaml } from '../yaml-text';
import { alertmanagerConfig } from './alertmanager-config';

// Attack probes (review 9): the dead man's switch URL.
describe("the dead man's switch URL (attack probes)", () => {
  it('is a credential, kept out of the spec and the rendered config like the Slack and PagerDuty ones', () => {
    // healthchecks.io, Dead Man's Snitch and Cronitor ping URLs are their only secret: whoever knows
    // one can keep the switch quiet while the monitoring is down. Alertmanager types a webhook url as
    // a secret (SecretURL); the platform reads the other receivers' URLs and keys from files of the
    // alertmanager-receivers Secret. Here the URL sits in the spec (readable by every viewer) and in
    // the rendered configuration.
    const url = 'https://hc-ping.com/6f1c0c1e-2b7a-4c47-9a3e-0d2f9b4c1a11';
    const spec = starterSpec('staging', 'staging');
    spec.observability.deadMansSwitchUrl = url;
    expect(toYaml(alertmanagerConfig(spec))).not.toContain(url);
  });

  it('is refused unless Alertmanager may reach it (its pods may leave the cluster on TCP 443 only)', () => {
    const spec = starterSpec('staging', 'staging') as unknown as { observability: Record<string, unknown> };
    spec.observability.deadMansSwitchUrl = 'http://heartbeat.example.com/ping';
    const parsed = environmentSpecSchema.safeParse(spec);
    if (!parsed.success) return; // refused: fixed
    const objects = renderPlatform(parsed.data).map(toPlain) as PlainObject[];
    const pods = { namespace: namespacesOf(parsed.data).monitoring, labels: { 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': 'personapass' } };
    // 192.0.2.10 stands for wherever heartbeat.example.com resolves; port 80 is the URL's.
    expect(egressAllowed(objects, pods, { cidr: '192.0.2.10/32', port: 80 })).toBe(true);
  });
});
