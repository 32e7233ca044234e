import { expect, test } from './fixtures/test';

// Through the real server: Next routes a method a route does not implement to the route's own 405
// and OPTIONS handlers, so the answer is the API's JSON error with Allow, not Next's empty 405.
test.describe('API methods', () => {
  test('a wrong method gets 405 with the JSON error and Allow; OPTIONS lists the same methods', async ({ request }) => {
    const cases = [
      { method: 'PATCH', path: '/api/v1/environments', allow: 'GET, HEAD, OPTIONS, POST' },
      { method: 'DELETE', path: '/api/v1/environments/dev', allow: 'GET, HEAD, OPTIONS, PUT' },
      { method: 'GET', path: '/api/v1/tokens/00000000-0000-4000-8000-000000000000', allow: 'DELETE, OPTIONS' },
      { method: 'PUT', path: '/api/v1/openapi.json', allow: 'GET, HEAD, OPTIONS' },
    ];
    for (const { method, path, allow } of cases) {
      const response = await request.fetch(path, { method, headers: { 'x-request-id': 'e2e-405' } });
      expect({ path, method, status: response.status(), allow: response.headers()['allow'] }).toEqual({ path, method, status: 405, allow });
      expect(response.headers()['content-type']).toBe('application/json');
      expect((await response.json()).error).toEqual({ code: 'method_not_allowed', message: `${method} is not allowed here; this address answers ${allow}`, details: { allow: allow.split(', ') } });
      expect(response.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers()['x-correlation-id']).toBe('e2e-405');
      const options = await request.fetch(path, { method: 'OPTIONS' });
      expect({ path, status: options.status(), allow: options.headers()['allow'] }).toEqual({ path, status: 204, allow });
    }
    // HEAD is answered by GET where a route has one, and refused where it has none.
    expect((await request.head('/api/v1/openapi.json')).status()).toBe(200);
    const headClone = await request.head('/api/v1/environments/dev/clone');
    expect({ status: headClone.status(), allow: headClone.headers()['allow'] }).toEqual({ status: 405, allow: 'OPTIONS, POST' });
  });
});
