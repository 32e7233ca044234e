import { describe, expect, it } from 'vitest';
import type { PlainObject } from '../deploy/cluster-gateway';
import { changedPaths, fieldChangers, ownedPaths } from './field-changers';

const desired = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'wallet-api', namespace: 'dev', labels: { app: 'wallet-api' } },
  spec: { template: { spec: { containers: [{ name: 'wallet-api', image: 'wallet-api:1.0.0', args: ['--port', '8080'] }, { name: 'sidecar', image: 'sidecar:1' }] } } },
} as PlainObject;

function live(image: string, managedFields: object[]): PlainObject {
  const object = structuredClone(desired) as PlainObject & { spec: { replicas?: number; template: { spec: { containers: Array<{ image: string }> } } } };
  object.spec.template.spec.containers[0]!.image = image;
  object.spec.replicas = 7;
  object.metadata = { ...object.metadata, resourceVersion: '42', managedFields };
  return object;
}

const imageField = { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"wallet-api"}': { '.': {}, 'f:image': {} } } } } } };
const consoleFields = { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"sidecar"}': { 'f:image': {} } } } } } };
const kedaFields = { 'f:spec': { 'f:replicas': {} } };

describe('who changed a drifted object', () => {
  it('names the manager owning the changed field, with its time, and not the console or the autoscaler owning unchanged ones', () => {
    const object = live('wallet-api:9.9.9', [
      { manager: 'personapass-console', operation: 'Apply', time: '2026-12-02T10:00:00Z', fieldsV1: consoleFields },
      { manager: 'keda-operator', operation: 'Update', time: '2026-12-02T10:20:00Z', fieldsV1: kedaFields },
      { manager: 'kubectl-set', operation: 'Update', time: '2026-12-02T10:10:00Z', fieldsV1: imageField },
    ]);
    expect(fieldChangers(desired, object)).toEqual([{ manager: 'kubectl-set', operation: 'Update', time: '2026-12-02T10:10:00Z', fields: ['spec.template.spec.containers[name=wallet-api].image'] }]);
  });

  it('names nobody when only the console owns what changed', () => {
    const object = live('wallet-api:9.9.9', [{ manager: 'personapass-console', operation: 'Apply', time: null, fieldsV1: imageField }]);
    expect(fieldChangers(desired, object)).toEqual([]);
  });

  it('compares lists without names whole, and a manager owning one of their items changed them', () => {
    const changed = structuredClone(desired) as PlainObject & { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } };
    changed.spec.template.spec.containers[0]!.args = ['--port', '9090'];
    expect(changedPaths(desired, changed)).toEqual(['spec.template.spec.containers[name=wallet-api].args']);
    expect(ownedPaths({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"wallet-api"}': { 'f:args': {} } } } } } })).toEqual(['spec.template.spec.containers[name=wallet-api].args']);
    expect(ownedPaths({ 'f:metadata': { 'f:finalizers': { 'v:"a"': {} } } })).toEqual(['metadata.finalizers']);
  });

  it('reads a removed item as changed at the item', () => {
    const removed = structuredClone(desired) as PlainObject & { spec: { template: { spec: { containers: unknown[] } } } };
    removed.spec.template.spec.containers.pop();
    expect(changedPaths(desired, removed)).toEqual(['spec.template.spec.containers[name=sidecar]']);
  });
});
