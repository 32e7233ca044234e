import { describe, expect, it } from 'vitest';
import { environmentSpecSchema, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject } from '../validate/problem';

// What an operator of an unprotected environment can put into the environment's own Grafana and the
// shared ingress gateway through observability.grafanaUrl (review 9b, attack2: findings 1 and 2).

const withGrafanaAt = (spec: EnvironmentSpec, grafanaUrl: string): EnvironmentSpec => ({
  ...spec,
  observability: { ...spec.observability, grafanaUrl, grafana: { run: true } },
});

// Grafana expands these in every setting after applying GF_* environment overrides
// (pkg/setting/expanders.go: `\$(|__\w+){([^}]+)}`; $__env{X}, ${X}, $__file{path}).
const grafanaExpander = /\$(|__\w+)\{([^}]+)\}/;

describe('grafanaUrl never reaches a Grafana setting as something Grafana expands', () => {
  it('a validated grafanaUrl never puts a Grafana variable expander into a rendered setting', () => {
    // The fragment passes the "root of the host, no path, no query" rule (url.pathname is "/").
    const spec = withGrafanaAt(starterSpec('dev', 'development'), 'https://grafana.dev.personapass.io/#$__env{GF_SECURITY_ADMIN_PASSWORD}');
    expect(environmentSpecSchema.safeParse(spec).success).toBe(false);
    // The render does not rely on the validation: it rebuilds the root URL from the parsed origin.
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    const grafana = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'grafana');
    const literals = (grafana?.spec.template.spec.containers[0].env ?? [])
      .filter((e: { value?: string }) => typeof e.value === 'string')
      .map((e: { name: string; value: string }) => `${e.name}=${e.value}`);
    expect(literals.filter((literal: string) => grafanaExpander.test(literal))).toEqual([]);
    expect(literals).toContain('GF_SERVER_ROOT_URL=https://grafana.dev.personapass.io/');
  });

  it.each(['https://grafana.dev.personapass.io/#x', 'https://grafana.dev.personapass.io/?$__file{/etc/passwd}', 'https://grafana.dev.personapass.io/${GF_SECURITY_ADMIN_PASSWORD}'])(
    'refuses %s',
    (grafanaUrl) => expect(environmentSpecSchema.safeParse(withGrafanaAt(starterSpec('dev', 'development'), grafanaUrl)).success).toBe(false),
  );
});

describe('grafanaUrl claims only a host of the environment’s own on the shared ingress gateway', () => {
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

  it.each(['https://grafana.api.personapass.io', 'https://grafana.dev.api.personapass.io', 'https://grafana.example.com', 'https://grafana.development.example.com', 'https://grafana.example.dev'])(
    'refuses %s for dev (a public API host, or no label dev before the top-level domain)',
    (grafanaUrl) => expect(environmentSpecSchema.safeParse(withGrafanaAt(starterSpec('dev', 'development'), grafanaUrl)).success).toBe(false),
  );

  it.each(['https://grafana.dev.personapass.io', 'https://dev.grafana.example.com/', 'https://dev.example.com'])('accepts %s for dev', (grafanaUrl) =>
    expect(environmentSpecSchema.safeParse(withGrafanaAt(starterSpec('dev', 'development'), grafanaUrl)).success).toBe(true),
  );
});
