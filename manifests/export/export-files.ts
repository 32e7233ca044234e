import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { renderFiles } from '../render-files';
import { renderPlatform } from '../render-platform';
import { type ExportFormat, type GitSource, renderGitOpsFiles } from './gitops';
import { renderHelmChart } from './helm-chart';

const exportFormats = ['plain', 'helm'] as const;

export function parseFormat(value: string | undefined): ExportFormat {
  if (value === undefined) return 'plain';
  if ((exportFormats as readonly string[]).includes(value)) return value as ExportFormat;
  throw new Error(`unknown --format ${JSON.stringify(value)}: one of ${exportFormats.join(', ')}`);
}

/**
 * The files of an export folder. plain: one environment's YAML by kind and a kustomization.yaml
 * (kubectl apply -k, Argo CD, Flux). helm: a chart of the environments (one structure), with a
 * values-<name>.yaml each. With a Git source, gitops/ holds each environment's Argo CD Application
 * and Flux objects pointing at the folder.
 */
export function renderExport(specs: readonly EnvironmentSpec[], format: ExportFormat, source?: GitSource): Record<string, string> {
  const [first] = specs;
  if (!first) throw new Error('no environment to export');
  const names = specs.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`${twice} is given twice`);
  let files: Record<string, string>;
  if (format === 'plain') {
    if (specs.length > 1) throw new Error(`the plain format holds one environment per folder (given ${names.join(', ')}); use --format helm, or one --out each`);
    files = renderFiles(renderPlatform(first));
  } else {
    files = renderHelmChart(specs).files;
  }
  return { ...files, ...(source ? renderGitOpsFiles(specs, format, source) : {}) };
}
