import { type KubeObject, toPlain } from './kube-object';
import { toYaml } from './yaml-text';

type PlainObject = Record<string, unknown> & { kind?: string; metadata?: { name?: string; namespace?: string } };

/** The rendered platform as files: one YAML file per object in a folder per kind, plus a
 *  kustomization.yaml listing them in apply order, so `kubectl apply -k` and GitOps tools read it too.
 *  A name used twice within a kind (in different namespaces) is prefixed with its namespace. */
export function renderFiles(objects: readonly KubeObject[]): Record<string, string> {
  return renderPlainFiles(objects.map(toPlain));
}

/** renderFiles of objects already turned into plain data (the Helm export marks values in them). */
export function renderPlainFiles(objects: readonly PlainObject[]): Record<string, string> {
  const counts = new Map<string, number>();
  for (const o of objects) {
    const key = `${o.kind}/${o.metadata?.name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const files: Record<string, string> = {};
  const resources: string[] = [];
  for (const object of objects) {
    const { name = '', namespace } = object.metadata ?? {};
    const shared = (counts.get(`${object.kind}/${name}`) ?? 0) > 1;
    const file = `${String(object.kind).toLowerCase()}/${shared && namespace ? `${namespace}.${name}` : name}.yaml`;
    if (files[file] !== undefined) throw new Error(`two objects would be written to ${file}`);
    files[file] = toYaml(object);
    resources.push(file);
  }
  files['kustomization.yaml'] = toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources });
  return files;
}
