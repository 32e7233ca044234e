import { defaultDemoPassword, demoUsers } from '../../scripts/oidc/demo-users';

export type Role = 'viewer' | 'operator' | 'approver' | 'admin';
export const roles: readonly Role[] = ['viewer', 'operator', 'approver', 'admin'];

export type Credentials = { email: string; password: string; name: string };

const password = process.env.OIDC_DEMO_PASSWORD || defaultDemoPassword;

/** The issuer's demo account for a role, or the one whose groups map to no role. */
export function credentialsFor(who: Role | 'nobody'): Credentials {
  const user = demoUsers.find((candidate) => candidate.sub === who);
  if (!user) throw new Error(`no demo user ${who}`);
  return { email: user.email, password, name: user.name };
}
