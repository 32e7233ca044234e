import { describe, expect, it } from 'vitest';
import { applicationRoleOf } from './grant-application-role';

describe('applicationRoleOf', () => {
  const owner = 'postgresql://personapass:a@127.0.0.1:5432/db';

  it('names the application URL\'s user when it differs from the owner', () => {
    expect(applicationRoleOf(owner, 'postgresql://personapass_app:b@127.0.0.1:5432/db')).toBe('personapass_app');
    expect(applicationRoleOf(owner, 'postgresql://console%2Dapp:b@127.0.0.1:5432/db')).toBe('console-app');
  });

  it('names none when one role does both, or there is no application URL', () => {
    expect(applicationRoleOf(owner, 'postgresql://personapass:other@127.0.0.1:5432/db')).toBeUndefined();
    expect(applicationRoleOf(owner, undefined)).toBeUndefined();
  });
});
