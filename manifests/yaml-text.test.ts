import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { renderFiles } from './render-files';
import { renderPlatform } from './render-platform';
import { readsAsAnotherType, toYaml } from './yaml-text';

// kubectl, Argo CD and Flux read manifests through sigs.k8s.io/yaml (go-yaml v2: YAML 1.1), where a
// plain `yes` is a boolean and `012` is 10; the `yaml` package reads YAML 1.2. Both must read the same.
const parse11 = (text: string) => parse(text, { version: '1.1' }) as unknown;
const parse12 = (text: string) => parse(text) as unknown;

/** Every YAML text of a render: its files, and the YAML files a Secret or ConfigMap carries. */
function yamlTexts(name: string, tier: Tier): [string, string][] {
  const files = Object.entries(renderFiles(renderPlatform(starterSpec(name, tier))));
  const embedded = files.flatMap(([file, text]) => {
    const object = parse12(text) as { stringData?: Record<string, string>; data?: Record<string, string> };
    return Object.entries({ ...object.data, ...object.stringData })
      .filter(([key]) => /\.ya?ml$/.test(key))
      .map(([key, value]): [string, string] => [`${file} › ${key}`, value]);
  });
  return [...files, ...embedded];
}

describe('rendered YAML', () => {
  it.each<[string, Tier]>([
    ['dev', 'development'],
    ['staging', 'staging'],
    ['prod', 'production'],
  ])('reads the same in YAML 1.1 as in YAML 1.2 for every file of %s', (name, tier) => {
    const texts = yamlTexts(name, tier);
    expect(texts.length).toBeGreaterThan(50);
    expect(texts.flatMap(([file, text]) => differences(parse11(text), parse12(text)).map((where) => `${file} ${where}`))).toEqual([]);
  });
});

describe('toYaml', () => {
  const ambiguous = ['yes', 'no', 'Yes', 'NO', 'on', 'off', 'y', 'n', 'Y', 'N', 'true', 'False', '~', 'null', '', '0x1F', '0X1F', '1e3', '012', '0o17', '0b101', '1_000', '42', '-1', '.5', '.inf', '.NaN', '2001-12-14', '190:20:30', '<<'];

  it.each(ambiguous)('quotes %j, which a YAML 1.1 or 1.2 reader takes for another type', (value) => {
    expect(readsAsAnotherType(value)).toBe(true);
    const text = toYaml({ [value]: [value], v: value });
    expect(parse11(text)).toEqual({ [value]: [value], v: value });
    expect(parse12(text)).toEqual({ [value]: [value], v: value });
  });

  it.each(['yess', 'noeviction', 'online', 'v1', '1.2.3', '30s', '10.0.0.0/8', 'a: b', 'true story', 'personapass-prod'])('reads %j as a string either way', (value) => {
    expect(readsAsAnotherType(value)).toBe(false);
    expect(parse11(toYaml({ v: value }))).toEqual({ v: value });
  });

  it('keeps numbers, booleans and nulls as they are', () => {
    expect(toYaml({ a: 1, b: true, c: null, d: 'x' })).toBe('a: 1\nb: true\nc: null\nd: x\n');
  });
});

/** Where two readings differ, as `path: YAML 1.1 reads …, YAML 1.2 reads …`. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b) && !(a instanceof Date)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key));
  }
  return Object.is(a, b) ? [] : [`${path || '(document)'}: YAML 1.1 reads ${JSON.stringify(a)} (${typeof a}), YAML 1.2 reads ${JSON.stringify(b)} (${typeof b})`];
}
