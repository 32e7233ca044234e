import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { renderFiles } from './render-files';
import { renderPlatform } from './render-platform';
import { toYaml } from './yaml-text';

// go-yaml v2 (sigs.k8s.io/yaml, what kubectl, Argo CD and Flux read with)
// strips every "_" from a plain scalar before trying strconv.ParseInt(s, 0, 64) and its float
// pattern, so these strings read as numbers there (checked with sigs.k8s.io/yaml v1.4.0:
// YAMLToJSON("a: 1e_3") is {"a":1000}, "a: +_1" is {"a":1}), while the `yaml` package's YAML 1.1
// patterns, which toYaml relies on, take them for strings and leave them plain.
describe('toYaml against go-yaml v2 numbers with underscores', () => {
  it.each(['1e_3', '1e3_', '1.5e_2', '1e+_3', '+_1', '-_1', '-_0x1', '+_0x1f'])('quotes %s, a number to go-yaml v2', (value) => {
    expect(toYaml({ a: value })).toBe(`a: "${value}"\n`);
  });

  it('writes an image tag that go-yaml v2 reads as a number as a string in the version label', () => {
    // A valid tag (^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$): kubectl would send the label as 1000.
    const spec = starterSpec('dev', 'development');
    spec.components['wallet-api'].image = { repository: 'registry.personapass.io/personapass/wallet-api', tag: '1e_3' };
    const file = renderFiles(renderPlatform(spec))['deployment/wallet-api.yaml']!;
    expect(file).toContain('app.kubernetes.io/version: "1e_3"');
    expect(file).not.toMatch(/app\.kubernetes\.io\/version: 1e_3$/m);
  });
});
