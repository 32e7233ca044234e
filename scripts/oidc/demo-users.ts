import { readFileSync } from 'node:fs';

// The issuer's accounts: by default one per console role, plus one whose groups map to no role
// (refused). PP_OIDC_USERS_FILE replaces them with a JSON list read at every use, so a test or a
// demo can change someone's groups, or remove them, while the issuer runs.
export type DemoUser = { sub: string; email: string; name: string; groups: string[]; emailVerified?: boolean };

export const demoUsers: readonly DemoUser[] = [
  { sub: 'viewer', email: 'viewer@personapass.test', name: 'Vera Viewer', groups: ['personapass-viewers'] },
  { sub: 'operator', email: 'operator@personapass.test', name: 'Otto Operator', groups: ['personapass-operators'] },
  { sub: 'approver', email: 'approver@personapass.test', name: 'Ada Approver', groups: ['personapass-approvers'] },
  { sub: 'admin', email: 'admin@personapass.test', name: 'Alex Admin', groups: ['personapass-admins'] },
  { sub: 'nobody', email: 'nobody@personapass.test', name: 'Nora Nobody', groups: [] },
];

export const defaultDemoPassword = 'personapass-demo';

export function loadUsers(file = process.env.PP_OIDC_USERS_FILE): readonly DemoUser[] {
  if (!file) return demoUsers;
  return JSON.parse(readFileSync(file, 'utf8')) as DemoUser[];
}
