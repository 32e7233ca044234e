// The CLI writes files named, and YAML filled, from the server's answers: a compromised server (or
// anyone between it and a plain-http CLI) must not write outside the folder, into its Git
// repository, or into YAML an administrator applies with cluster-admin rights.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReadinessReportDto } from '@/lib/core/setup/readiness-contract';
import { writeBackupFolder } from './backup-folder';
import { checkedGrants } from './setup-command';

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

describe('personapass export', () => {
  it.each(['.git/hooks/pre-commit', '.GIT/config', 'revisions/.git/x', '../outside', '/etc/passwd'])('refuses a file the server names %s, writing nothing', async (file) => {
    const out = await mkdtemp(path.join(tmpdir(), 'pp-export-'));
    folders.push(out);
    await expect(writeBackupFolder(out, { 'personapass-backup.json': '{}', [file]: 'planted' })).rejects.toThrow('nothing was written');
    expect(existsSync(path.join(out, 'personapass-backup.json'))).toBe(false);
  });
});

describe('personapass setup --install', () => {
  const report = (environment: { name: string; namespace: string; namespaces?: string[] }) =>
    ({ environments: [{ tier: 'development', namespaces: [environment.namespace], ...environment }] }) as unknown as ReadinessReportDto;

  it('takes environment names and namespaces that are DNS labels', () => {
    expect(checkedGrants(report({ name: 'dev', namespace: 'personapass-dev' }))).toEqual([expect.objectContaining({ file: 'console-environment-dev.yaml', namespace: 'personapass-dev' })]);
  });

  it.each([
    ['a newline adding a YAML document', { name: 'dev', namespace: 'personapass-dev\n---\nkind: ClusterRoleBinding' }],
    ['kube-system', { name: 'dev', namespace: 'kube-system' }],
    ['a path as the name', { name: '../../../x', namespace: 'personapass-dev' }],
    ['a system namespace among the namespaces', { name: 'dev', namespace: 'personapass-dev', namespaces: ['personapass-dev', 'default'] }],
  ])('refuses %s from the server', (_label, environment) => {
    expect(() => checkedGrants(report(environment))).toThrow('nothing was written');
  });
});
