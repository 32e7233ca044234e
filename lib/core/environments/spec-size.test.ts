import { describe, expect, it } from 'vitest';
import { errorCode, type InvalidInput } from '../errors';
import { assertSpecWithinSize, maxSpecBytes, specByteLength } from './spec-size';
import { starterSpec } from './starter-specs';

function refusal(spec: unknown): InvalidInput | undefined {
  try {
    assertSpecWithinSize(spec);
    return undefined;
  } catch (error) {
    return error as InvalidInput;
  }
}

describe('spec size', () => {
  it('accepts the starter specs, which are a few kilobytes', () => {
    const spec = starterSpec('prod', 'production');
    expect(specByteLength(spec)).toBeLessThan(4096);
    expect(refusal(spec)).toBeUndefined();
  });

  it('measures UTF-8 bytes of the canonical JSON, whatever the key order', () => {
    expect(specByteLength({ b: 'é', a: 1 })).toBe(specByteLength({ a: 1, b: 'é' }));
    expect(specByteLength({ a: 'é' })).toBe('{"a":"é"}'.length + 1);
  });

  it('allows exactly 256 KB and refuses one byte more as invalid input at the path spec', () => {
    const padding = (total: number) => ({ x: 'a'.repeat(total - '{"x":""}'.length) });
    expect(specByteLength(padding(maxSpecBytes))).toBe(262_144);
    expect(refusal(padding(maxSpecBytes))).toBeUndefined();
    const error = refusal(padding(maxSpecBytes + 1));
    expect(errorCode(error)).toBe('invalid_input');
    expect(error!.issues).toEqual([{ path: 'spec', message: 'must be at most 262144 bytes (256 KB) as canonical JSON; it is 262145 bytes' }]);
  });
});
