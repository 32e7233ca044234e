import { CoreV1Api } from '@kubernetes/client-node';
import { adminKubeConfig } from '@/scripts/stack/test-support';

// The testbed has no storage provisioner, so redis' claim (staging and production) would stay
// unbound and its rollout never finish. An administrator's volume, bound ahead to that claim,
// stands in for the provisioner a real cluster has. It has the class the claim is given: the
// testbed's default StorageClass (scripts/stack/manifests/storage-class.yaml).
export const testbedStorageClass = 'testbed-static';

export async function provideRedisVolume(namespace: string): Promise<{ remove: () => Promise<void> }> {
  const name = `pv-${namespace}`;
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  await core.createPersistentVolume({
    body: {
      metadata: { name, labels: { 'personapass.dev/test': 'volume' } },
      spec: { storageClassName: testbedStorageClass, capacity: { storage: '100Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', hostPath: { path: `/tmp/${name}` }, claimRef: { namespace, name: 'redis-data' } },
    },
  });
  return { remove: () => core.deletePersistentVolume({ name }).then(() => undefined, () => undefined) };
}
