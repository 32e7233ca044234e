// Which resource serves a kind (its plural name, whether it lives in namespaces), learned from the
// API server's discovery documents once per group version and kept: a plan asks about ten group
// versions for a hundred objects. A kind missing from a cached list is asked again (a CRD installed
// since), once.
import { errorCode, InvalidInput } from '@/lib/core/errors';
import type { KubeAnswer } from './kube-http';

export type ResolvedResource = {
  /** Plural resource name (`deployments`). */
  name: string;
  namespaced: boolean;
  /** `/api/v1`, `/apis/apps/v1` */
  basePath: string;
  /** `deployments.apps`, `configmaps`: how RBAC and the API server's messages name it. */
  qualifiedName: string;
};

type ResourceList = { resources?: Array<{ name: string; kind: string; namespaced: boolean }> };

export class KubeResources {
  private readonly lists = new Map<string, Promise<ResourceList>>();

  /** `get` reads a discovery document; NotFound when the group version is not served. */
  constructor(private readonly get: (path: string) => Promise<KubeAnswer>) {}

  async resolve(apiVersion: string, kind: string, cluster: string): Promise<ResolvedResource> {
    const basePath = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const find = (list: ResourceList) => list.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    let found = find(await this.list(basePath, cluster, apiVersion));
    if (!found) {
      this.lists.delete(basePath);
      found = find(await this.list(basePath, cluster, apiVersion));
    }
    if (!found) throw notServed(cluster, apiVersion, kind);
    return { name: found.name, namespaced: found.namespaced, basePath, qualifiedName: group ? `${found.name}.${group}` : found.name };
  }

  private list(basePath: string, cluster: string, apiVersion: string): Promise<ResourceList> {
    let list = this.lists.get(basePath);
    if (!list) {
      list = this.get(basePath).then(
        (answer) => answer.body as ResourceList,
        (error) => {
          this.lists.delete(basePath);
          throw errorCode(error) === 'not_found' ? notServed(cluster, apiVersion) : error;
        },
      );
      this.lists.set(basePath, list);
    }
    return list;
  }
}

function notServed(cluster: string, apiVersion: string, kind?: string): InvalidInput {
  const what = kind ? `${kind} in ${apiVersion}` : apiVersion;
  return new InvalidInput(`cluster ${cluster} does not serve ${what} (is its CustomResourceDefinition installed?)`, [{ path: 'apiVersion', message: `${what} is not served by cluster ${cluster}` }]);
}
