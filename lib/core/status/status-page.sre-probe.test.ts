import { describe, expect, it } from 'vitest';
import { availabilityQuery } from './availability';

// Review 10b (SRE) probes: what a stakeholder's status page says on a real cluster.

const ns = 'personapass-prod';

describe('availability from the mesh (probe)', () => {
  it('counts the requests that never reached a wallet-api sidecar (no healthy upstream: the gateway answers 503 UH, reported only by reporter="source")', () => {
    const query = availabilityQuery(ns, '24h');
    // HEAD: only reporter="destination" series; with every pod down there is no destination proxy to
    // report anything, so a full outage adds no failed request and the window stays at 100 %.
    expect(query).toMatch(/reporter="source"/);
  });

  it('the 7-day figure is not an increase() over 7 days of raw istio_requests_total samples, recomputed every few seconds', () => {
    // 30 s scrapes: 20,160 samples per series per query; at ~2,500 series (pods x callers x codes x flags)
    // that passes Prometheus' default --query.max-samples (50M) and long before that the console's 5 s timeout.
    expect(availabilityQuery(ns, '7d')).not.toMatch(/istio_requests_total\{[^}]*\}\[7d\]/);
  });
});
