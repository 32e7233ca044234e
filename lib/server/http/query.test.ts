import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { chartComponent, metricRange } from '@/lib/core/metrics/metric-charts';
import { readQuery } from './query';

// The edge of every GET with a query string: what the schema does not name, and a parameter given
// twice, is invalid_input (a 400), never a silent choice between two values.

const metricsQuery = z.strictObject({ range: metricRange.default('1h'), component: chartComponent.optional() });
const read = (search: string) => readQuery(new URL(`http://console.test/api/v1/environments/x/metrics?${search}`), metricsQuery);
const refusal = (search: string) => {
  try {
    read(search);
  } catch (error) {
    return error as { code: string; details: { issues: Array<{ path: string; message: string }> } };
  }
  throw new Error(`?${search} was accepted`);
};

describe('readQuery', () => {
  it('reads the parameters the schema names', () => {
    expect(read('range=6h&component=wallet-api')).toEqual({ range: '6h', component: 'wallet-api' });
    expect(read('')).toEqual({ range: '1h' });
  });

  it.each(['range=99y', 'range=', 'range[]=1', 'range=1h&step=1', '__proto__=x', 'component=..%2F..%2Fx', `range=${'x'.repeat(100_000)}`])('refuses ?%s', (search) => {
    expect(refusal(search).code).toBe('invalid_input');
  });

  it('refuses a parameter given twice, whichever value comes last', () => {
    for (const search of ['component=postgres&component=wallet-api', 'component=wallet-api&component=postgres', 'range=1h&range=1h']) {
      const error = refusal(search);
      expect(error.code).toBe('invalid_input');
      expect(error.details.issues).toEqual([{ path: search.split('=')[0], message: 'given more than once' }]);
    }
  });
});
