import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import { find, problemsByEnvironment, prodObjects, prodSpec } from './fixtures';
import { checkPodSecurityLevels } from './pod-security-levels';
import type { PlainObject } from './problem';

const messages = (objects: PlainObject[]) => checkPodSecurityLevels(objects, { spec: prodSpec }).map((p) => `${p.path}: ${p.message}`);
const reason = 'Elasticsearch init container raises vm.max_map_count and needs root';

describe('checkPodSecurityLevels', () => {
  it('finds every namespace restricted in dev, staging and prod', () => {
    expect(problemsByEnvironment(checkPodSecurityLevels)).toEqual({ dev: [], staging: [], prod: [] });
  });

  it('renders a namespace the spec marks baseline as enforce=baseline, audit and warn restricted, with the reason', () => {
    const spec = starterSpec('staging', 'staging');
    spec.podSecurity = { tracing: { level: 'baseline', reason } };
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    const tracing = find(objects, 'Namespace', 'personapass-staging-tracing', '');
    expect(tracing.metadata.annotations).toEqual({ 'personapass.dev/pod-security-reason': reason });
    expect(tracing.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(find(objects, 'Namespace', 'personapass-staging', '').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(checkPodSecurityLevels(objects, { spec })).toEqual([]);
  });

  it('fails baseline without a reason, privileged always, and a relaxed audit or warn', () => {
    const objects = prodObjects();
    const app = find(objects, 'Namespace', 'personapass-prod', '');
    const tracing = find(objects, 'Namespace', 'personapass-prod-tracing', '');
    const monitoring = find(objects, 'Namespace', 'personapass-prod-monitoring', '');
    app.metadata.labels!['pod-security.kubernetes.io/enforce'] = 'baseline';
    tracing.metadata.labels!['pod-security.kubernetes.io/enforce'] = 'privileged';
    tracing.metadata.annotations = { 'personapass.dev/pod-security-reason': reason };
    monitoring.metadata.labels!['pod-security.kubernetes.io/warn'] = 'baseline';
    expect(messages(objects)).toEqual([
      'metadata.annotations.personapass.dev/pod-security-reason: baseline without a reason: the spec must say why restricted cannot do',
      'metadata.labels.pod-security.kubernetes.io/warn: baseline: must stay restricted so violations are reported',
      'metadata.labels.pod-security.kubernetes.io/enforce: privileged: a platform namespace never enforces less than baseline',
    ]);
  });
});
