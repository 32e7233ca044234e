// probe (review10-attack): the spec's observability URLs are fetched by the server on every
// metrics/traces/alerts request of any viewer, yet any http(s) URL is accepted: an operator (who
// may edit unprotected environments) points prometheusUrl/alertmanagerUrl/jaegerUrl at the node's
// cloud metadata service and reads it back through the alerts answer (see the adapter probe).
// cidr.ts already names these ranges for egress rules. Fixed: refuse link-local/metadata literals
// here, and refuse them again at connect time (a DNS name can resolve to 169.254.169.254).
import { describe, expect, it } from 'vitest';
import { environmentSpecSchema } from './environment-spec';
import { starterSpec } from './starter-specs';

describe('observability URLs (probe)', () => {
  for (const field of ['prometheusUrl', 'alertmanagerUrl', 'jaegerUrl'] as const) {
    it(`refuses a cloud metadata address as ${field}`, () => {
      const spec = starterSpec('dev', 'development');
      const bad = { ...spec, observability: { ...spec.observability, [field]: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/#' } };
      expect(environmentSpecSchema.safeParse(bad).success).toBe(false);
    });
  }
});
