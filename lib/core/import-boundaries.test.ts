import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rule is only worth something if it fires: lint a would-be file in each layer.

const eslint = new ESLint({ cwd: path.resolve('.') });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(file) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('import boundaries', () => {
  it('keeps lib/core free of adapters, frameworks and process.env', async () => {
    expect(await ruleIds('lib/core/x.ts', "import { PrismaEnvironmentStore } from '@/lib/adapters/prisma/prisma-environment-store';\nexport const x = PrismaEnvironmentStore;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('lib/core/x.ts', "import { redirect } from 'next/navigation';\nexport const x = redirect;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('lib/core/x.ts', 'export const x = process.env.SECRET;\n')).toEqual(expect.arrayContaining(['no-restricted-globals']));
    // Relative paths and Node's I/O modules are caught as well as the @/ alias.
    expect(await ruleIds('lib/core/environments/x.ts', "import { PrismaEnvironmentStore } from '../../adapters/prisma/prisma-environment-store';\nexport const x = PrismaEnvironmentStore;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('lib/core/x.ts', "import { getEnv } from '../env';\nexport const x = getEnv;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('lib/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain('no-restricted-imports');
  });

  it('keeps the UI away from adapters, and components away from use cases', async () => {
    expect(await ruleIds('app/x/page.tsx', "import { createPrismaClient } from '@/lib/adapters/prisma/prisma-client';\nexport const x = createPrismaClient;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('components/x.tsx', "import { getEnvironment } from '@/lib/server/environments/get-environment';\nexport const x = getEnvironment;\n")).toContain('no-restricted-imports');
  });

  it("keeps manifests/ writing YAML through toYaml, which quotes YAML 1.1's booleans and numbers", async () => {
    expect(await ruleIds('manifests/x.ts', "import { stringify } from 'yaml';\nexport const x = stringify;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('manifests/x.ts', "import { toYaml } from './yaml-text';\nexport const x = toYaml;\n")).toEqual([]);
  });

  it('allows the inward direction', async () => {
    expect(await ruleIds('lib/server/x.ts', "import { diffSpecs } from '@/lib/core/environments/spec-diff';\nexport const x = diffSpecs;\n")).toEqual([]);
  });
});
