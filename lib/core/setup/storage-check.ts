import { pass, unreadable, type ReadinessCheck, type Reading } from './readiness';

const title = 'Default StorageClass';
export const defaultClassAnnotation = 'storageclass.kubernetes.io/is-default-class';

export type StorageClassFacts = { name: string; provisioner: string; annotations: Record<string, string> };

/** The platform's PersistentVolumeClaims (Redis, Elasticsearch, Prometheus) name no class: they need the cluster's default. */
export function checkDefaultStorageClass(reading: Reading<StorageClassFacts[]>): ReadinessCheck {
  const id = 'default-storage-class';
  if (!reading.ok) return unreadable(id, title, 'the StorageClasses', reading.error, "grant the console list on storageclasses.storage.k8s.io (console-rbac.yaml), or check by hand that the cluster has a default StorageClass");
  const defaults = reading.value.filter((item) => item.annotations[defaultClassAnnotation] === 'true');
  const all = reading.value.map((item) => `${item.name} (${item.provisioner})${item.annotations[defaultClassAnnotation] === 'true' ? ', default' : ''}`);
  if (defaults.length === 0) {
    return {
      id,
      title,
      status: 'fail',
      summary: reading.value.length ? `${reading.value.length} StorageClasses, none of them the default` : 'no StorageClass at all',
      details: all,
      remedy: `mark one StorageClass as the default: kubectl annotate storageclass NAME ${defaultClassAnnotation}=true (the platform's PersistentVolumeClaims name no class)`,
    };
  }
  if (defaults.length > 1) {
    return { id, title, status: 'warn', summary: `${defaults.length} default StorageClasses (${defaults.map((item) => item.name).join(', ')}): Kubernetes picks the newest`, details: all, remedy: `keep ${defaultClassAnnotation}=true on one of them only` };
  }
  return pass(id, title, `${defaults[0]!.name} (${defaults[0]!.provisioner}) is the default`, all);
}
