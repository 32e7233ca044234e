import { describe, expect, it } from 'vitest';
import { sessionCookieName } from './session-cookie';

describe('sessionCookieName', () => {
  it('is host-only (__Host-) over https and plain on the local http demo', () => {
    expect(sessionCookieName('https://console.example.com')).toBe('__Host-next-auth.session-token');
    expect(sessionCookieName('http://127.0.0.1:3000')).toBe('next-auth.session-token');
  });
});
