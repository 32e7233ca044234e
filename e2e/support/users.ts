import { defaultDemoPassword, demoUsers } from '../../scripts/oidc/demo-users';

export type Role = 'viewer' | 'operator' | 'approver' | 'admin';
export const roles: readonly Role[] = ['viewer', 'operator', 'approver', 'admin'];

/** A role's account, or a spare person whose sessions a test may end without disturbing the others. */
export type Persona = Role | 'visitor' | 'leaver';

export type Credentials = { email: string; password: string; name: string };

const password = process.env.OIDC_DEMO_PASSWORD || defaultDemoPassword;

/** The issuer's demo account for a persona, or the one whose groups map to no role. */
export function credentialsFor(who: Persona | 'nobody'): Credentials {
  const user = demoUsers.find((candidate) => candidate.sub === who);
  if (!user) throw new Error(`no demo user ${who}`);
  return { email: user.email, password, name: user.name };
}
