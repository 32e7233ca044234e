import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { toYaml } from '../yaml-text';

export type ExportFormat = 'plain' | 'helm';

export type GitSource = {
  /** The Git repository the exported folder is committed to. */
  repoUrl: string;
  /** The folder inside it (the --out folder's path in the repository). */
  path: string;
  /** Branch, tag, `refs/...` or commit the engines follow. */
  revision: string;
  /** The API server of the environment's cluster as Argo CD knows it; without it, Argo CD's
   *  cluster of the spec's name. */
  clusterServer?: string;
};

const name = (spec: EnvironmentSpec) => `personapass-${spec.name}`;
// The exported folder as Flux writes paths: relative to the repository root, "./" first.
const fluxPath = (source: GitSource) => `./${source.path.replace(/^\.?\//, '').replace(/\/$/, '')}`;

// What every Flux object of the environment shares: its name in flux-system and the GitRepository.
function fluxObject(spec: EnvironmentSpec, apiVersion: string, kind: string, body: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion, kind, metadata: { name: name(spec), namespace: 'flux-system' }, spec: { interval: '10m', ...body } };
}
const sourceRef = (spec: EnvironmentSpec) => ({ kind: 'GitRepository', name: name(spec) });

/**
 * Argo CD Application of one environment. No destination namespace: the platform spans three
 * namespaces (the app's, -monitoring, -tracing) and every object names its own; a destination
 * namespace would only apply to objects without one. Server-side apply, as the console applies.
 */
export function argoApplication(spec: EnvironmentSpec, format: ExportFormat, source: GitSource): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: name(spec),
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/part-of': 'personapass', 'personapass.dev/environment': spec.name },
      // Deleting the Application deletes what it deployed.
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: 'default',
      source: {
        repoURL: source.repoUrl,
        path: source.path,
        targetRevision: source.revision,
        ...(format === 'helm' ? { helm: { releaseName: name(spec), valueFiles: [`values-${spec.name}.yaml`] } } : {}),
      },
      destination: source.clusterServer ? { server: source.clusterServer } : { name: spec.cluster },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['ServerSideApply=true'],
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      },
    },
  };
}

function gitReference(revision: string): Record<string, string> {
  if (/^[0-9a-f]{40}$/.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) return { name: revision };
  return { branch: revision };
}

/** Flux's GitRepository the Kustomization or HelmRelease reads the exported folder from. */
function fluxGitRepository(spec: EnvironmentSpec, source: GitSource): Record<string, unknown> {
  return fluxObject(spec, 'source.toolkit.fluxcd.io/v1', 'GitRepository', { interval: '5m', url: source.repoUrl, ref: gitReference(source.revision) });
}

/**
 * Flux Kustomization of the plain export: the folder's kustomization.yaml. No targetNamespace (it
 * would move every object into one namespace); the objects name their own.
 */
export function fluxKustomization(spec: EnvironmentSpec, source: GitSource): Record<string, unknown> {
  return fluxObject(spec, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization', {
    retryInterval: '1m',
    timeout: '10m',
    sourceRef: sourceRef(spec),
    path: fluxPath(source),
    prune: true,
    wait: true,
  });
}

/** Flux HelmRelease of the Helm export: the chart from the same GitRepository, the environment's values. */
export function fluxHelmRelease(spec: EnvironmentSpec, source: GitSource): Record<string, unknown> {
  const path = fluxPath(source);
  return fluxObject(spec, 'helm.toolkit.fluxcd.io/v2', 'HelmRelease', {
    releaseName: name(spec),
    chart: { spec: { chart: path, sourceRef: sourceRef(spec), valuesFiles: [`${path}/values.yaml`, `${path}/values-${spec.name}.yaml`], reconcileStrategy: 'Revision' } },
    install: { remediation: { retries: 3 } },
    upgrade: { remediation: { retries: 3 } },
  });
}

/** The gitops/ folder of an export: per environment, Argo CD's Application and Flux's objects. */
export function renderGitOpsFiles(specs: readonly EnvironmentSpec[], format: ExportFormat, source: GitSource): Record<string, string> {
  const files: Record<string, string> = {};
  for (const spec of specs) {
    files[`gitops/argocd-application-${spec.name}.yaml`] = toYaml(argoApplication(spec, format, source));
    const flux = [fluxGitRepository(spec, source), format === 'helm' ? fluxHelmRelease(spec, source) : fluxKustomization(spec, source)];
    files[`gitops/flux-${spec.name}.yaml`] = flux.map((o) => toYaml(o)).join('---\n');
  }
  return files;
}
