import type { RulesReview } from './console-rights';
import type { NodeFacts } from './node-check';
import type { StorageClassFacts } from './storage-check';

/** The reads a readiness report makes of one cluster, as the console's own credential. Each may fail alone. */
export interface ClusterReadinessReader {
  /** /version's gitVersion. */
  serverVersion(): Promise<string>;
  nodes(): Promise<NodeFacts[]>;
  /** The kinds a group version's discovery document lists; null when the API server does not serve it (404). */
  servedKinds(groupVersion: string): Promise<string[] | null>;
  /** The console's SelfSubjectRulesReview in one namespace. */
  rulesReview(namespace: string): Promise<RulesReview>;
  storageClasses(): Promise<StorageClassFacts[]>;
  /** A namespace's labels; null when there is no such namespace. */
  namespaceLabels(name: string): Promise<Record<string, string> | null>;
  close(): Promise<void>;
}

export interface ClusterReadinessReaders {
  /** A reader over the registered cluster's stored connection and credential. */
  forCluster(name: string): Promise<ClusterReadinessReader>;
}
