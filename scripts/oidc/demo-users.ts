// The issuer's demo accounts: one per console role, plus one whose groups map to no role (refused).
export type DemoUser = { sub: string; email: string; name: string; groups: string[] };

export const demoUsers: readonly DemoUser[] = [
  { sub: 'viewer', email: 'viewer@personapass.test', name: 'Vera Viewer', groups: ['personapass-viewers'] },
  { sub: 'operator', email: 'operator@personapass.test', name: 'Otto Operator', groups: ['personapass-operators'] },
  { sub: 'approver', email: 'approver@personapass.test', name: 'Ada Approver', groups: ['personapass-approvers'] },
  { sub: 'admin', email: 'admin@personapass.test', name: 'Alex Admin', groups: ['personapass-admins'] },
  { sub: 'nobody', email: 'nobody@personapass.test', name: 'Nora Nobody', groups: [] },
];

export const defaultDemoPassword = 'personapass-demo';

export function findDemoUserByEmail(email: string): DemoUser | undefined {
  const wanted = email.trim().toLowerCase();
  return demoUsers.find((user) => user.email === wanted);
}

export function findDemoUserBySub(sub: string): DemoUser | undefined {
  return demoUsers.find((user) => user.sub === sub);
}
