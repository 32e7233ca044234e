import nextPlugin from '@next/eslint-plugin-next';
import tseslint from 'typescript-eslint';

// Imports point inward (DESIGN.md): app → lib/server → lib/core; lib/adapters → lib/core.
// The UI never imports adapters; the core imports nothing with I/O or a framework.
const restrict = (...patterns) => ['error', { patterns }];
const adapters = { group: ['@/lib/adapters/*', '**/adapters/*', '**/adapters/**'], message: 'The UI and the core never import adapters; go through lib/server.' };
const server = { group: ['@/lib/server/*', '**/lib/server/*', '../server/*', '../../server/*', '../server/**', '../../server/**'], message: 'Presentational components and the core never import use cases.' };
const framework = {
  group: ['next', 'next/*', 'react', 'react-dom', '@prisma/*', 'pg', '@kubernetes/client-node', '@/lib/generated/*', '**/generated/**', '@/lib/env', '**/lib/env', '../env', '../../env', 'node:fs', 'node:fs/*', 'node:child_process', 'node:net', 'node:http', 'node:https', 'fs', 'child_process'],
  message: 'lib/core is pure: no framework, database, Kubernetes or configuration imports.',
};

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'lib/generated/**', 'tools/**', 'next-env.d.ts', 'playwright-report/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { '@next/next': nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['lib/core/**'], rules: { 'no-restricted-imports': restrict(adapters, server, framework), 'no-restricted-globals': ['error', { name: 'process', message: 'Only lib/env.ts reads process.env.' }] } },
  // The platform definitions are pure too: tools (promtool) and the cluster are injected by scripts/.
  { files: ['manifests/**'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': restrict(adapters, server, framework, { group: ['node:child_process', 'node:fs', 'node:fs/*', 'child_process', 'fs'], message: 'manifests/ does no I/O; scripts/ injects tools and the cluster.' }, { group: ['yaml'], importNames: ['stringify'], message: 'Write YAML with toYaml (manifests/yaml-text.ts): it quotes what a YAML 1.1 reader would take for a boolean or number.' }), 'no-restricted-globals': ['error', { name: 'process', message: 'manifests/ is pure.' }] } },
  { files: ['app/**', 'components/**'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': restrict(adapters) } },
  { files: ['components/**'], rules: { 'no-restricted-imports': restrict(adapters, server) } },
  { files: ['lib/adapters/**'], rules: { 'no-restricted-imports': restrict(server) } },
  {
    files: ['app/**', 'components/**', 'lib/**'],
    ignores: ['lib/env.ts', '**/*.test.ts', 'lib/test-support/**'],
    rules: { 'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Only lib/env.ts reads process.env.' }] },
  },
);
