// What a diagnosis reads from a cluster beyond the shared watch caches (which hold no Services,
// EndpointSlices, NetworkPolicies or Namespaces): one read per namespace, trimmed to what the
// network checks judge. The Kubernetes adapter implements the port. Never a Secret, never an env.
import type { LabelSelector } from './label-selector';

export type ServiceView = {
  name: string;
  namespace: string;
  /** Absent or empty: a Service whose endpoints someone manages by hand (not judged). */
  selector: Record<string, string>;
  ports: Array<{ name?: string; port: number; targetPort?: number | string }>;
};

/** An EndpointSlice counted: the Service it belongs to (kubernetes.io/service-name) and its endpoints by readiness. */
export type EndpointSliceView = { name: string; namespace: string; service: string; ready: number; notReady: number };

export type NetworkPolicyPeer = { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: { cidr: string; except?: string[] } };
export type NetworkPolicyPort = { protocol?: string; port?: number | string; endPort?: number };
/** One ingress rule; `from`/`ports` absent or empty mean every source / every port, as in Kubernetes. */
export type IngressRule = { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] };

export type NetworkPolicyView = {
  name: string;
  namespace: string;
  podSelector: LabelSelector;
  policyTypes: string[];
  ingress: IngressRule[];
};

export type NamespaceView = { name: string; labels: Record<string, string> };

export type NamespaceInspection = {
  /** Null when the namespace does not exist. */
  namespace: NamespaceView | null;
  services: ServiceView[];
  endpointSlices: EndpointSliceView[];
  networkPolicies: NetworkPolicyView[];
};

export interface ClusterInspector {
  /** Services, EndpointSlices and NetworkPolicies of one namespace, and its labels. Throws the core's errors (Unavailable, Forbidden). */
  inspectNamespace(namespace: string): Promise<NamespaceInspection>;
  /** Just a namespace's labels (a caller's namespace); null when it does not exist. */
  readNamespace(namespace: string): Promise<NamespaceView | null>;
}

export interface ClusterInspectors {
  forCluster(name: string): Promise<ClusterInspector>;
}
