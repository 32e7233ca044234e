import { describe, expect, it } from 'vitest';
import { errorCode } from '@/lib/core/errors';
import { environmentParam } from './environment-param';

// Next hands routes the decoded path: a name no environment can have is not found before any read.

const codeOf = (name: string) => {
  try {
    environmentParam({ name });
    return 'accepted';
  } catch (error) {
    return errorCode(error);
  }
};

describe('environmentParam', () => {
  it('passes an environment name on', () => {
    expect(environmentParam({ name: 'staging-2' })).toBe('staging-2');
  });

  it.each([
    ['a NUL byte (%00)', 'prod\u0000'],
    ['only a NUL byte', '\u0000'],
    ['a path', '../..'],
    ['a slash (%2F)', 'a/b'],
    ['a Cyrillic о', 'prоd'],
    ['upper case', 'PROD'],
    ['a leading dash', '-prod'],
    ['64 characters', 'a'.repeat(64)],
    ['5 000 characters', 'x'.repeat(5000)],
    ['SQL', "x' OR '1'='1"],
    ['nothing', ''],
  ])('answers %s as not found', (_label, name) => {
    expect(codeOf(name)).toBe('not_found');
  });

  it('answers a missing parameter as not found', () => {
    expect(() => environmentParam({})).toThrow('no environment by that name');
  });
});
