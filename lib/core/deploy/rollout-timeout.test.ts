import { describe, expect, it } from 'vitest';
import { rolloutTimeoutSeconds } from './rollout-timeout';

describe('rolloutTimeoutSeconds', () => {
  it('is the environment’s own timeout where one is set, else the default', () => {
    const settings = { rolloutTimeoutSeconds: 600, rolloutTimeouts: { prod: 1200 } };
    expect(rolloutTimeoutSeconds(settings, 'prod')).toBe(1200);
    expect(rolloutTimeoutSeconds(settings, 'dev')).toBe(600);
    expect(rolloutTimeoutSeconds(settings, 'constructor')).toBe(600);
    expect(rolloutTimeoutSeconds({ rolloutTimeoutSeconds: 300 }, 'prod')).toBe(300);
  });
});
