import { type KubeObject, objectId } from '../kube-object';
import { type Problem, pointerToPath } from './problem';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

// A defect of @kubernetes-models/prometheus-operator: it types `storage.volumeClaimTemplate` as a
// top-level kind that needs apiVersion and kind; the CRD needs neither (the dry-run checks the real one).
function isKnownModelDefect(object: KubeObject, error: AjvError): boolean {
  return (
    (object.kind === 'Prometheus' || object.kind === 'Alertmanager') &&
    error.instancePath === '/spec/storage/volumeClaimTemplate' &&
    error.keyword === 'required' &&
    ['apiVersion', 'kind'].includes(String(error.params?.missingProperty))
  );
}

/** Schema validation of every object through its kubernetes-models class (CRD kinds included). */
export function checkSchemas(objects: readonly KubeObject[]): Problem[] {
  return objects.flatMap((object) => {
    try {
      object.validate();
      return [];
    } catch (error) {
      const errors = ((error as { errors?: AjvError[] }).errors ?? []).filter((e) => !isKnownModelDefect(object, e));
      if (!(error as { errors?: unknown }).errors) {
        return [{ object: objectId(object), path: '', message: String((error as Error).message), check: 'schema' }];
      }
      // oneOf/anyOf add a summary line after the alternatives' own errors; the alternatives say more.
      const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
      return (specific.length ? specific : errors).map((e) => ({
        object: objectId(object),
        path: pointerToPath(e.instancePath),
        message: e.keyword === 'required' ? `missing required field ${String(e.params?.missingProperty)}` : (e.message ?? e.keyword),
        check: 'schema',
      }));
    }
  });
}
