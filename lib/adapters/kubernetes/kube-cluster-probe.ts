// The connection test behind ClusterProbe: a SelfSubjectReview for the identity, the kube-system
// Namespace for the cluster's identity, then one SelfSubjectAccessReview per check, all under one
// short deadline, with the connection details an admin just typed (nothing is stored until this
// succeeds). At most `concurrency` requests are in flight: a cluster with many environments asks
// hundreds of questions, and a burst of that many connections from one credential is what API
// Priority and Fairness and cloud load balancers throttle.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { Agent } from 'undici';
import { ApiException, AuthenticationV1Api, AuthorizationV1Api, CoreV1Api, KubeConfig, Observable, VersionApi } from '@kubernetes/client-node';
import { bearerTokenExpiry, type AccessCheck, type ClusterConnection, type ProbeAnswer } from '@/lib/core/clusters/connection-test';
import { DomainError, InvalidInput, Unavailable } from '@/lib/core/errors';
import { mapBounded } from '@/lib/core/map-bounded';
import { rootCause } from './kube-errors';
import type { ClusterProbe } from '@/lib/core/ports';

const perRoundMs = 250;
const maxTimeoutMs = 60_000;

/** The whole test's deadline: the base, plus a little per round of `concurrency` questions, capped. */
export const probeDeadlineMs = (baseMs: number, checks: number, concurrency: number) =>
  Math.min(baseMs + Math.ceil(checks / concurrency) * perRoundMs, maxTimeoutMs);

export class KubeClusterProbe implements ClusterProbe {
  constructor(
    private readonly timeoutMs = 5_000,
    private readonly concurrency = 8,
  ) {}

  async probe(connection: ClusterConnection, checks: AccessCheck[]): Promise<ProbeAnswer> {
    const certificate = readPems(connection);
    const kc = kubeConfigFor(connection);
    // A base deadline, plus time for each round of questions: a cluster with many environments asks
    // hundreds, and a slow (but answering) API server must not make it unregistrable.
    const timeoutMs = probeDeadlineMs(this.timeoutMs, checks.length, this.concurrency);
    const deadline = AbortSignal.timeout(timeoutMs);
    // Every request of this test carries the same deadline, so a silent server cannot hold it longer,
    // and goes through one pool of at most `concurrency` connections (the client would open a pool,
    // and a connection, per request).
    const pool = connectionPool(connection, this.concurrency);
    const pre = (request: any) => {
      request.setSignal(deadline);
      request.setDispatcher(pool);
      return new Observable(Promise.resolve(request));
    };
    const options = { middleware: [{ pre, post: (response: any) => new Observable(Promise.resolve(response)) }], middlewareMergeStrategy: 'append' as const };
    try {
      const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } }, options);
      const user = review.status?.userInfo ?? {};
      const [version, clusterUid] = await Promise.all([kc.makeApiClient(VersionApi).getCode({}, options), kubeSystemUid(kc, connection, options)]);
      const authorization = kc.makeApiClient(AuthorizationV1Api);
      const answers = await mapBounded(checks, this.concurrency, async (check) => {
        const { why: _why, ...attributes } = check;
        const result = await authorization.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: attributes } } }, options);
        return { ...check, allowed: result.status?.allowed === true };
      });
      const expires = connection.credential.kind === 'token' ? bearerTokenExpiry(connection.credential.token) : certificate && new Date(certificate.validTo);
      return {
        identity: { username: user.username ?? '(unknown)', uid: user.uid, groups: user.groups ?? [] },
        serverVersion: version.gitVersion,
        clusterUid,
        ...(expires ? { credentialExpiresAt: expires.toISOString() } : {}),
        answers,
      };
    } catch (error) {
      throw translate(error, connection, timeoutMs);
    } finally {
      await pool.destroy().catch(() => undefined);
    }
  }
}

/** TLS as the kubeconfig would set it up (the CA, and the client certificate when that is the credential), capped in connections. */
function connectionPool(connection: ClusterConnection, connections: number): Agent {
  const { credential } = connection;
  const client = credential.kind === 'client-certificate' ? { cert: credential.certificate, key: credential.key } : {};
  return new Agent({ connections, connect: { ca: connection.caBundle, ...client, keepAlive: true, keepAliveInitialDelay: 30_000 } });
}

/** The cluster's identity: every cluster has a kube-system Namespace, whose UID no other cluster shares. */
async function kubeSystemUid(kc: KubeConfig, connection: ClusterConnection, options: object): Promise<string> {
  try {
    const namespace = await kc.makeApiClient(CoreV1Api).readNamespace({ name: 'kube-system' }, options);
    if (namespace.metadata?.uid) return namespace.metadata.uid;
  } catch (error) {
    if (!(error instanceof ApiException) || error.code !== 403) throw error;
  }
  throw new InvalidInput(`the credential for cluster ${connection.name} may not read the kube-system Namespace, whose UID tells one cluster from another`, [
    { path: 'credential', message: 'may not get namespaces/kube-system (console-rbac.yaml grants it)' },
  ]);
}

/** TLS would skip an unreadable CA silently and fail later with a vaguer message: read them first. */
function readPems(connection: ClusterConnection): X509Certificate | undefined {
  const refuse = (path: string, what: string, message: string) => new InvalidInput(`the ${what} of cluster ${connection.name} is ${message}`, [{ path, message }]);
  try {
    new X509Certificate(connection.caBundle);
  } catch {
    throw refuse('caBundle', 'CA bundle', 'not a readable PEM certificate');
  }
  if (connection.credential.kind !== 'client-certificate') return undefined;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(connection.credential.certificate);
  } catch {
    throw refuse('credential.certificate', 'client certificate', 'not a readable PEM certificate');
  }
  let matches = false;
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(connection.credential.key));
  } catch {
    // unreadable: reported below like a key of another certificate
  }
  if (!matches) throw refuse('credential.key', 'client key', 'not a readable PEM private key of the client certificate');
  return certificate;
}

function kubeConfigFor(connection: ClusterConnection): KubeConfig {
  const kc = new KubeConfig();
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  const user =
    connection.credential.kind === 'token'
      ? { name: 'console', token: connection.credential.token }
      : { name: 'console', certData: base64(connection.credential.certificate), keyData: base64(connection.credential.key) };
  kc.loadFromClusterAndUser({ name: connection.name, server: connection.apiServerUrl, caData: base64(connection.caBundle), skipTLSVerify: false }, user);
  return kc;
}

// Node's names for a server certificate that does not chain to the given CA or does not name the host.
const untrustedCertificate = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function translate(error: unknown, connection: ClusterConnection, timeoutMs: number): Error {
  if (error instanceof DomainError) return error;
  const where = `cluster ${connection.name} at ${connection.apiServerUrl}`;
  if (error instanceof ApiException) {
    if (error.code === 401) {
      return new InvalidInput(`the API server of ${where} refused the credential (401 Unauthorized)`, [{ path: 'credential', message: 'refused by the API server: expired, revoked or for another cluster' }]);
    }
    if (error.code === 403) {
      return new InvalidInput(`the credential for ${where} may not even review itself (403 Forbidden)`, [{ path: 'credential', message: 'may not ask the API server who it is (SelfSubjectReview)' }]);
    }
    return new Unavailable(`${where} answered ${error.code} to the connection test: is this a Kubernetes API server?`);
  }
  const cause = rootCause(error);
  if (cause.name === 'TimeoutError' || cause.name === 'AbortError' || cause.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new Unavailable(`${where} did not answer within ${timeoutMs / 1000}s`);
  }
  if (cause.code && untrustedCertificate.has(cause.code)) {
    return new InvalidInput(`the API server of ${where} presented a certificate the CA bundle does not trust (${cause.code})`, [
      { path: 'caBundle', message: `does not verify the server's certificate (${cause.code})` },
    ]);
  }
  return new Unavailable(`${where} is unreachable (${cause.code ?? cause.message ?? 'connection failed'})`);
}
