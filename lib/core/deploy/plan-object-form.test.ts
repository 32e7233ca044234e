import { describe, expect, it } from 'vitest';
import type { PlainObject } from './cluster-gateway';
import { objectDiff } from './object-diff';
import { appliedForm, normalizeObject, redactSecret } from './plan-object-form';

describe('normalizeObject', () => {
  it('leaves out what the server owns and changes on every write, on any object', () => {
    const live: PlainObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'w',
        namespace: 'p',
        uid: 'u',
        resourceVersion: '12',
        generation: 3,
        creationTimestamp: '2026-01-01T00:00:00Z',
        managedFields: [{}],
        selfLink: '/x',
        labels: { a: 'b' },
        annotations: { 'deployment.kubernetes.io/revision': '4', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
      spec: { replicas: 2 },
      status: { readyReplicas: 2 },
    };
    expect(normalizeObject(live)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'p', labels: { a: 'b' } }, spec: { replicas: 2 } });
    expect(live.metadata.uid).toBe('u');
  });

  it('keeps annotations of the console’s own', () => {
    const object: PlainObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { mine: 'x', 'deployment.kubernetes.io/revision': '1' } } };
    expect(normalizeObject(object).metadata.annotations).toEqual({ mine: 'x' });
  });
});

describe('appliedForm and redactSecret', () => {
  it('sends a Secret’s stringData as data, base64 of its UTF-8, merged with data', () => {
    const secret: PlainObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { b: 'ünïcode' } } as PlainObject;
    expect(appliedForm(secret)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==', b: Buffer.from('ünïcode').toString('base64') } });
    const configMap: PlainObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, stringData: { x: 'y' } } as PlainObject;
    expect(appliedForm(configMap)).toBe(configMap);
  });

  it('never lets a Secret value into a diff, yet shows that it changed', () => {
    const secret = (value: string) => redactSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { key: value } } as PlainObject, (v) => `hash-of-${v}-0123456789`);
    const diff = objectDiff('Secret/p/s', secret('c2VjcmV0'), secret('b3RoZXI='));
    expect(diff).not.toMatch(/c2VjcmV0|b3RoZXI=/);
    expect(diff).toContain('-  key: "(redacted: 8 characters, hash-of-c2Vj)"');
    expect(diff).toContain('+  key: "(redacted: 8 characters, hash-of-b3Ro)"');
  });
});

describe('objectDiff', () => {
  const cm = (data: Record<string, string>): PlainObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });

  it('is a unified diff of sorted YAML naming the object once, empty when equal', () => {
    expect(objectDiff('ConfigMap/p/c', cm({ a: '1', b: '2' }), cm({ b: '2', a: '1' }))).toBe('');
    expect(objectDiff('ConfigMap/p/c', cm({ a: '1', b: '2' }), cm({ a: '3', b: '2' }))).toBe(
      ['--- ConfigMap/p/c', '+++ ConfigMap/p/c', '@@ -1,6 +1,6 @@', ' apiVersion: v1', ' data:', '-  a: "1"', '+  a: "3"', '   b: "2"', ' kind: ConfigMap', ' metadata:', ''].join('\n'),
    );
  });

  it('shows creations and deletions against /dev/null', () => {
    expect(objectDiff('ConfigMap/p/c', null, cm({ a: '1' }))).toMatch(/^--- \/dev\/null\n\+\+\+ ConfigMap\/p\/c\n@@ -0,0 \+1,6 @@\n\+apiVersion: v1\n/);
    expect(objectDiff('ConfigMap/p/c', cm({ a: '1' }), null)).toMatch(/^--- ConfigMap\/p\/c\n\+\+\+ \/dev\/null\n/);
  });
});
