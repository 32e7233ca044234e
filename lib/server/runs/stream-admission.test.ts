import { describe, expect, it } from 'vitest';
import { StreamAdmission } from './stream-admission';

describe('admitting run progress streams', () => {
  it('refuses a person past their limit and the process past its own, and counts each release once', () => {
    const admission = new StreamAdmission({ perUser: 2, perProcess: 3, retryAfterSeconds: 7 });
    const [a1, a2] = [admission.admit('a'), admission.admit('a')];
    expect(() => admission.admit('a')).toThrow(expect.objectContaining({ code: 'too_many_requests', retryAfterSeconds: 7, message: expect.stringContaining('you have 2 progress streams open') }));
    const b1 = admission.admit('b');
    expect(() => admission.admit('c')).toThrow(expect.objectContaining({ code: 'too_many_requests', message: expect.stringContaining('this console process serves 3 progress streams') }));
    a1();
    a1(); // a second release of the same stream frees nothing more
    expect([admission.open(), admission.open('a')]).toEqual([2, 1]);
    const c1 = admission.admit('c');
    expect(() => admission.admit('d')).toThrow(expect.objectContaining({ code: 'too_many_requests' }));
    for (const release of [a2, b1, c1]) release();
    expect([admission.open(), admission.open('a'), admission.open('b')]).toEqual([0, 0, 0]);
  });
});
