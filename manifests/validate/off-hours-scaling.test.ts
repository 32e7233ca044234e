import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import { find, problemsByEnvironment } from './fixtures';
import { checkOffHoursScaling } from './off-hours-scaling';
import type { PlainObject } from './problem';

const devSpec = starterSpec('dev', 'development');
const devObjects = () => renderPlatform(devSpec).map(toPlain) as PlainObject[];
const worker = (objects: PlainObject[]) => find(objects, 'ScaledObject', 'credential-worker', 'personapass-dev');
const cron = (objects: PlainObject[]) => worker(objects).spec.triggers.find((t: { type: string }) => t.type === 'cron');
const messages = (objects: PlainObject[]) => checkOffHoursScaling(objects, { spec: devSpec }).map((p) => `${p.path}: ${p.message}`);

describe('checkOffHoursScaling', () => {
  it('finds the working hours of dev and staging rendered, and none in prod', () => {
    expect(problemsByEnvironment(checkOffHoursScaling)).toEqual({ dev: [], staging: [], prod: [] });
  });

  it('renders the worker window as KEDA cron in its time zone, with minReplicaCount 0', () => {
    const objects = devObjects();
    expect(cron(objects)).toEqual({
      type: 'cron',
      name: 'working-hours',
      metadata: { timezone: 'Europe/Berlin', start: '0 7 * * 1-5', end: '0 20 * * 1-5', desiredReplicas: '1' },
    });
    expect(worker(objects).spec.minReplicaCount).toBe(0);
  });

  it('fails a component with working hours that cannot reach zero (minReplicaCount > 0)', () => {
    const objects = devObjects();
    worker(objects).spec.minReplicaCount = 1;
    expect(messages(objects)).toEqual(['spec.minReplicaCount: 1: outside its working hours the component cannot reach zero']);
  });

  it('fails a ScaledObject whose only triggers are cpu/memory with minReplicaCount 0 (KEDA holds it active)', () => {
    const objects = devObjects();
    worker(objects).spec.triggers = worker(objects).spec.triggers.filter((t: { type: string }) => t.type === 'cpu');
    expect(messages(objects)).toEqual([
      expect.stringMatching(/^spec.minReplicaCount: only cpu\/memory triggers/),
      expect.stringMatching(/^spec.triggers: credential-worker has working hours .* but no cron trigger/),
    ]);
  });

  it.each([
    ['a time zone Go cannot load', { timezone: 'europe/berlin' }, /timezone: europe\/berlin is not an IANA time zone/],
    ['a day list with a comma', { start: '0 7 * * 1,3', end: '0 20 * * 1,3' }, /start: .*no comma/],
    ['a window across midnight', { start: '0 22 * * 1-5', end: '0 6 * * 1-5' }, /ends before it starts/],
  ])('fails %s', (_, metadata, message) => {
    const objects = devObjects();
    Object.assign(cron(objects).metadata, metadata);
    expect(messages(objects)).toContainEqual(expect.stringMatching(message));
  });

  it('fails working hours in production', () => {
    const objects = devObjects();
    const prod = { ...devSpec, tier: 'production' as const };
    expect(checkOffHoursScaling(objects, { spec: prod }).map((p) => p.message)).toContain('production components are critical and never scale to zero by schedule');
  });
});
