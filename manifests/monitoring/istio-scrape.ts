import { clusterServices } from '../platform-defaults';
import type { ExposedSeries } from './scrape';

// The series an Envoy exposes for Istio's standard metrics, for the promtool tests: every label
// Envoy's istio_stats filter puts on istio_requests_total and the duration histogram. scrape.ts adds
// what the PodMonitor that scrapes the proxy adds (namespace, pod, container, endpoint, job,
// instance: of the proxy scraped, not of the request's destination) and applies its relabelling.
//
// Who reports what: a sidecar's inbound side reports `destination`; a sidecar's outbound side and
// every gateway report `source`. A 503 that a caller's Envoy makes itself (its circuit breaker
// overflowing, `UO`; no healthy host left after outlier ejection, `UH`) never reaches the
// destination, so only the caller reports it, and with no host picked (UH) Envoy knows no
// destination workload or namespace: those read `unknown`, and only destination_service and
// destination_service_name (from the Istio cluster's own metadata) still say where it was going.

export interface IstioPeer {
  workload: string;
  namespace: string;
  serviceAccount: string;
  version?: string;
}

export interface IstioRequest {
  reporter: 'source' | 'destination';
  source: IstioPeer;
  /** The destination workload; its Service has the same name, in the same namespace. */
  destination: IstioPeer;
  code: string;
  /** Envoy's response flags, `-` when none. */
  flags?: string;
  /** Whether Envoy picked a destination host (false for UH and NR: destination workload unknown). */
  hostPicked?: boolean;
}

export const ingressGatewayPeer: IstioPeer = {
  workload: 'istio-ingressgateway',
  namespace: clusterServices.ingressGateway.namespace,
  serviceAccount: clusterServices.ingressGateway.serviceAccount,
};

const principal = (peer: IstioPeer) => `spiffe://cluster.local/ns/${peer.namespace}/sa/${peer.serviceAccount}`;

/** The labels of one istio_requests_total series as the reporting proxy exposes it. */
function istioRequestLabels(request: IstioRequest): Record<string, string> {
  const { source, destination, reporter } = request;
  const known = request.hostPicked !== false;
  return {
    reporter,
    source_workload: source.workload,
    source_workload_namespace: source.namespace,
    source_principal: principal(source),
    // Only the gateway's pods carry an `app` label; the platform's carry app.kubernetes.io/name.
    source_app: source === ingressGatewayPeer ? source.workload : 'unknown',
    source_version: 'unknown',
    source_canonical_service: source.workload,
    source_canonical_revision: source.version ?? 'latest',
    source_cluster: 'Kubernetes',
    destination_workload: known ? destination.workload : 'unknown',
    destination_workload_namespace: known ? destination.namespace : 'unknown',
    destination_principal: known ? principal(destination) : 'unknown',
    destination_app: 'unknown',
    destination_version: 'unknown',
    destination_service: `${destination.workload}.${destination.namespace}.svc.cluster.local`,
    destination_service_name: destination.workload,
    destination_service_namespace: known ? destination.namespace : 'unknown',
    destination_canonical_service: known ? destination.workload : 'unknown',
    destination_canonical_revision: known ? (destination.version ?? 'latest') : 'latest',
    destination_cluster: known ? 'Kubernetes' : 'unknown',
    request_protocol: 'http',
    response_code: request.code,
    grpc_response_status: '',
    response_flags: request.flags ?? '-',
    connection_security_policy: reporter === 'destination' ? 'mutual_tls' : 'unknown',
  };
}

/** The series as the proxy that reports it exposes it: the ingress gateway's Envoy (its own
 *  PodMonitor in the monitoring namespace) or a sidecar's (the app namespace's PodMonitor). */
export function istioSeries(metric: string, request: IstioRequest, values: string, more: Record<string, string> = {}): ExposedSeries {
  const viaGateway = request.reporter === 'source' && request.source === ingressGatewayPeer;
  return { scrape: viaGateway ? 'istio-ingressgateway' : 'istio-sidecars', metric, labels: { ...istioRequestLabels(request), ...more }, values };
}
