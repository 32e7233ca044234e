import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';

/** One finding: which object, where in it, what is wrong, and which check said so. */
export interface Problem {
  object: string;
  path: string;
  message: string;
  check: string;
}

/** Objects as plain JSON, the form the checks read (and the API server receives). */
export interface PlainObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  [key: string]: unknown;
}

export interface CheckContext {
  spec: EnvironmentSpec;
}

export type PolicyCheck = (objects: readonly PlainObject[], context: CheckContext) => Problem[];

export function idOf(object: PlainObject): string {
  const { name, namespace } = object.metadata;
  return namespace ? `${object.kind}/${namespace}/${name}` : `${object.kind}/${name}`;
}

/** `/spec/template/0/x` (JSON pointer) → `spec.template[0].x`. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}
