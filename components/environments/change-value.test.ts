import { describe, expect, it } from 'vitest';
import { formatSpecValue } from './change-value';

describe('formatSpecValue', () => {
  it('writes dependencies as people read them, not as [object Object]', () => {
    expect(
      formatSpecValue([
        { name: 'database', host: 'postgres.data.personapass.io', cidrs: ['10.50.0.0/24', '10.50.1.0/24'], port: 5432 },
        { name: 'smtp', cidrs: ['192.0.2.0/28'], port: 587 },
      ]),
    ).toBe('database postgres.data.personapass.io:5432 from 10.50.0.0/24, 10.50.1.0/24; smtp port 587 from 192.0.2.0/28');
  });

  it('keeps lists of text comma-separated and empty lists visible', () => {
    expect(formatSpecValue(['a', 'b'])).toBe('a, b');
    expect(formatSpecValue([])).toBe('(none)');
  });
});
