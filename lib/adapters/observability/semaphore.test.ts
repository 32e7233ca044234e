import { describe, expect, it } from 'vitest';
import { Semaphore, SemaphoreFull } from './semaphore';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

describe('Semaphore', () => {
  it('a waiter whose signal fires leaves the line and the next one gets the slot', async () => {
    const slots = new Semaphore(1);
    const first = gate();
    const holder = slots.run(() => first.opened);
    const giveUp = new AbortController();
    const order: string[] = [];
    const quitter = slots.run(async () => void order.push('quitter'), { signal: giveUp.signal });
    const patient = slots.run(async () => void order.push('patient'));
    giveUp.abort(new Error('deadline'));
    await expect(quitter).rejects.toThrow('deadline');
    first.open();
    await Promise.all([holder, patient]);
    expect(order).toEqual(['patient']);
    // The slot came back: one more runs at once.
    await slots.run(async () => void order.push('after'));
    expect(order).toEqual(['patient', 'after']);
  });

  it('refuses at once beyond maxWaiting, and a signal already fired before waiting', async () => {
    const slots = new Semaphore(1);
    const first = gate();
    const holder = slots.run(() => first.opened);
    const waiting = slots.run(async () => 'waited', { maxWaiting: 1 });
    await expect(slots.run(async () => 'no', { maxWaiting: 1 })).rejects.toBeInstanceOf(SemaphoreFull);
    await expect(slots.run(async () => 'no', { signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');
    first.open();
    expect(await waiting).toBe('waited');
    await holder;
  });
});
