import { readFileSync } from 'node:fs';

// The issuer's accounts: by default one per console role, one whose groups map to no role
// (refused), and two spare people. PP_OIDC_USERS_FILE replaces them with a JSON list read at every use, so a test or a
// demo can change someone's groups, or remove them, while the issuer runs.
export type DemoUser = { sub: string; email: string; name: string; groups: string[]; emailVerified?: boolean };

export const demoUsers: readonly DemoUser[] = [
  { sub: 'viewer', email: 'viewer@personapass.test', name: 'Vera Viewer', groups: ['personapass-viewers'] },
  { sub: 'operator', email: 'operator@personapass.test', name: 'Otto Operator', groups: ['personapass-operators'] },
  { sub: 'approver', email: 'approver@personapass.test', name: 'Ada Approver', groups: ['personapass-approvers'] },
  { sub: 'admin', email: 'admin@personapass.test', name: 'Alex Admin', groups: ['personapass-admins'] },
  { sub: 'nobody', email: 'nobody@personapass.test', name: 'Nora Nobody', groups: [] },
  // People whose sessions a demo or a test may end (sign-out ends every session of a person; an
  // admin may disable them) without touching the four role accounts above.
  { sub: 'visitor', email: 'visitor@personapass.test', name: 'Vic Visitor', groups: ['personapass-viewers'] },
  { sub: 'leaver', email: 'leaver@personapass.test', name: 'Lee Leaver', groups: ['personapass-operators'], emailVerified: false },
];

export const defaultDemoPassword = 'personapass-demo';

export function loadUsers(file = process.env.PP_OIDC_USERS_FILE): readonly DemoUser[] {
  if (!file) return demoUsers;
  return JSON.parse(readFileSync(file, 'utf8')) as DemoUser[];
}
