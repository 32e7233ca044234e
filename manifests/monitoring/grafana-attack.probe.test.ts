import { describe, expect, it } from 'vitest';
import { environmentSpecSchema, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject } from '../validate/problem';

// Probes of review 9b (attack2): what an operator of an unprotected environment can put into the
// environment's own Grafana and the shared ingress gateway through observability.grafanaUrl.

const withGrafanaAt = (spec: EnvironmentSpec, grafanaUrl: string): EnvironmentSpec => ({
  ...spec,
  observability: { ...spec.observability, grafanaUrl, grafana: { run: true } },
});

// Grafana expands these in every setting after applying GF_* environment overrides
// (pkg/setting/expanders.go: `\$(|__\w+){([^}]+)}`; $__env{X}, ${X}, $__file{path}).
const grafanaExpander = /\$(|__\w+)\{([^}]+)\}/;

describe('probe: grafanaUrl reaches Grafana settings that Grafana expands', () => {
  it('a validated grafanaUrl never puts a Grafana variable expander into a rendered setting', () => {
    // The fragment passes the "root of the host, no path, no query" rule (url.pathname is "/").
    const spec = withGrafanaAt(starterSpec('dev', 'development'), 'https://grafana.dev.personapass.io/#$__env{GF_SECURITY_ADMIN_PASSWORD}');
    const parsed = environmentSpecSchema.safeParse(spec);
    if (!parsed.success) return; // refused by the spec validation: fixed
    const objects = renderPlatform(parsed.data).map(toPlain) as PlainObject[];
    const grafana = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'grafana');
    const literals = (grafana?.spec.template.spec.containers[0].env ?? [])
      .filter((e: { value?: string }) => typeof e.value === 'string')
      .map((e: { name: string; value: string }) => `${e.name}=${e.value}`);
    expect(literals.filter((literal: string) => grafanaExpander.test(literal))).toEqual([]);
  });
});

describe('probe: grafanaUrl claims a host on the shared ingress gateway', () => {
  it('refuses another environment’s public host as a development environment’s Grafana host', () => {
    // dev's Gateway would then list prod.api.personapass.io on the shared ingress gateway: istiod
    // skips the later of two servers with a duplicate host on 443 (the whole server), and dev's
    // VirtualService would route that host to dev's Grafana.
    const spec = withGrafanaAt(starterSpec('dev', 'development'), 'https://prod.api.personapass.io/');
    expect(environmentSpecSchema.safeParse(spec).success).toBe(false);
  });

  it('refuses the environment’s own public host as its Grafana host (its VirtualService would shadow the API)', () => {
    const spec = withGrafanaAt(starterSpec('dev', 'development'), 'https://dev.api.personapass.io/');
    expect(environmentSpecSchema.safeParse(spec).success).toBe(false);
  });
});
