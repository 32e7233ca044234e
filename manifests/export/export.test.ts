// The export (npm run render -- --format helm, gitops/ entry points) without helm itself; the
// stack project's helm-export.integration.test.ts runs helm lint and helm template on the chart.
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { parse } from 'yaml';
import { renderExport, parseFormat } from './export-files';
import { argoApplication, fluxHelmRelease, fluxKustomization, renderGitOpsFiles } from './gitops';
import { renderHelmChart } from './helm-chart';

const prod = starterSpec('prod', 'production');
const source = { repoUrl: 'https://git.example.com/platform.git', path: 'exports/prod', revision: 'main' };

// Building a chart renders the environment once per spec scalar (about ten seconds).
describe('the Helm chart', () => {
  const chart = renderHelmChart([prod]);
  const dotted = (p: readonly (string | number)[]) => p.join('.');

  it('takes images, resources and autoscaling from values and fixes what shapes the render', () => {
    const values = chart.values.map(dotted);
    expect(values).toEqual(expect.arrayContaining(['components.wallet-api.image.tag', 'components.wallet-api.resources.limits.memory', 'components.wallet-api.autoscaling.maxReplicas']));
    const fixed = chart.fixed.map((f) => dotted(f.path));
    expect(fixed).toEqual(expect.arrayContaining(['tier', 'toggles.monitoring', 'components.wallet-api.enabled']));
    expect(parse(chart.files['values-prod.yaml'] ?? '')).toEqual(parse(chart.files['values.yaml'] ?? ''));
    expect(parse(chart.files['values.yaml'] ?? '').components['wallet-api'].image.tag).toBe('2.3.0');
    expect(parse(chart.files['Chart.yaml'] ?? '').annotations['personapass.dev/fixed']).toContain('tier');
  });

  it('is templates, not the rendered YAML with the objects in values', () => {
    const deployment = chart.files['templates/deployment/wallet-api.yaml'];
    expect(deployment).toContain('{{ (index .Values "components" "wallet-api" "image" "repository") }}:{{ (index .Values "components" "wallet-api" "image" "tag") }}');
    expect(deployment).toContain('{{ include "personapass.string" (index .Values "components" "wallet-api" "resources" "limits" "memory") }}');
    expect(Object.values(parse(chart.files['values.yaml'] ?? '').components['wallet-api']).some((v) => typeof v === 'object' && v && 'kind' in v)).toBe(false);
  });

  it('escapes the braces of alert templates so Helm prints them', () => {
    const rule = Object.entries(chart.files).find(([f]) => f.startsWith('templates/prometheusrule/'))?.[1] ?? '';
    expect(rule).toContain('{{ "{{" }} $labels');
    // every action is one the export wrote
    for (const [file, text] of Object.entries(chart.files).filter(([f]) => f.startsWith('templates/') && !f.endsWith('.tpl'))) {
      for (const action of text.match(/\{\{[^}]*\}\}/g) ?? []) expect(action, file).toMatch(/^\{\{ ("\{\{?"|include "personapass\.(string|number)" \(index|\(index) /);
    }
  });

  it('refuses an environment whose structure is not the chart`s', () => {
    expect(() => renderExport([prod, starterSpec('staging', 'staging')], 'helm')).toThrow(/staging does not fit the chart of prod .*export staging to its own --out/);
  }, 60_000);
});

describe('bad input', () => {
  it('names the formats', () => {
    expect(parseFormat(undefined)).toBe('plain');
    expect(() => parseFormat('kustomize')).toThrow('unknown --format "kustomize": one of plain, helm');
  });

  it('keeps the plain format to one environment', () => {
    expect(() => renderExport([prod, starterSpec('dev', 'development')], 'plain')).toThrow(/plain format holds one environment per folder/);
  });

  const render = (args: string[]) => promisify(execFile)('npx', ['tsx', 'scripts/render.ts', ...args]).then(() => '', (e: { stderr: string; code: number }) => `${e.code}: ${e.stderr.trim()}`);

  it('refuses an unknown --format and an unrelated non-empty --out from the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-export-'));
    expect(await render(['--preset', 'dev', '--format', 'yaml', '--out', join(dir, 'a')])).toBe('1: unknown --format "yaml": one of plain, helm');
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'notes.txt'), 'keep me');
    expect(await render(['--preset', 'dev', '--format', 'helm', '--out', join(dir, 'mine')])).toBe(`1: ${join(dir, 'mine')} is not empty and holds no earlier render (no .personapass-render); choose another --out`);
    expect(await render(['--preset', 'dev', '--out', join(dir, 'b'), '--path', 'x'])).toBe('1: --path, --git-revision and --cluster-server need --repo-url');
  }, 60_000);
});

describe('GitOps entry points', () => {
  it('Argo CD: the folder at the revision, the cluster by server, server-side apply, prune and self-heal, no namespace override', () => {
    const app = argoApplication(prod, 'helm', { ...source, clusterServer: 'https://prod.k8s.example.com:6443' }) as any;
    expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(app.spec.source).toEqual({ repoURL: source.repoUrl, path: 'exports/prod', targetRevision: 'main', helm: { releaseName: 'personapass-prod', valueFiles: ['values-prod.yaml'] } });
    expect(app.spec.destination).toEqual({ server: 'https://prod.k8s.example.com:6443' });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    const plain = argoApplication(prod, 'plain', source) as any;
    expect(plain.spec.source.helm).toBeUndefined();
    expect(plain.spec.destination).toEqual({ name: 'local' });
  });

  it('Flux: a Kustomization of the plain folder, a HelmRelease of the chart, both from a GitRepository', () => {
    const k = fluxKustomization(prod, source) as any;
    expect(k.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    expect(k.spec).toMatchObject({ sourceRef: { kind: 'GitRepository', name: 'personapass-prod' }, path: './exports/prod', prune: true, wait: true, interval: '10m' });
    expect(k.spec.targetNamespace).toBeUndefined();
    const h = fluxHelmRelease(prod, source) as any;
    expect(h.spec.chart.spec.valuesFiles).toEqual(['./exports/prod/values.yaml', './exports/prod/values-prod.yaml']);
    const files = renderGitOpsFiles([prod], 'plain', { ...source, revision: 'a'.repeat(40) });
    expect(files['gitops/flux-prod.yaml']).toContain(`commit: ${'a'.repeat(40)}`);
  });
});
