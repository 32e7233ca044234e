// The connection test behind ClusterProbe: a SelfSubjectReview for the identity, then one
// SelfSubjectAccessReview per check, all under one short deadline, with the connection details an
// admin just typed (nothing is stored until this succeeds).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { ApiException, AuthenticationV1Api, AuthorizationV1Api, KubeConfig, Observable, VersionApi } from '@kubernetes/client-node';
import type { AccessCheck, ClusterConnection, ProbeAnswer } from '@/lib/core/clusters/connection-test';
import { InvalidInput, Unavailable } from '@/lib/core/errors';
import type { ClusterProbe } from '@/lib/core/ports';

export class KubeClusterProbe implements ClusterProbe {
  constructor(private readonly timeoutMs = 5_000) {}

  async probe(connection: ClusterConnection, checks: AccessCheck[]): Promise<ProbeAnswer> {
    readPems(connection);
    const kc = kubeConfigFor(connection);
    const deadline = AbortSignal.timeout(this.timeoutMs);
    // Every request of this test carries the same deadline, so a silent server cannot hold it longer.
    const options = { middleware: [{ pre: (request: any) => (request.setSignal(deadline), new Observable(Promise.resolve(request))), post: (response: any) => new Observable(Promise.resolve(response)) }], middlewareMergeStrategy: 'append' as const };
    try {
      const review = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } }, options);
      const user = review.status?.userInfo ?? {};
      const authorization = kc.makeApiClient(AuthorizationV1Api);
      const [version, ...answers] = await Promise.all([
        kc.makeApiClient(VersionApi).getCode(options),
        ...checks.map(async (check) => {
          const { why: _why, ...attributes } = check;
          const result = await authorization.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: attributes } } }, options);
          return { ...check, allowed: result.status?.allowed === true };
        }),
      ]);
      return { identity: { username: user.username ?? '(unknown)', uid: user.uid, groups: user.groups ?? [] }, serverVersion: version.gitVersion, answers };
    } catch (error) {
      throw translate(error, connection, this.timeoutMs);
    }
  }
}

/** TLS would skip an unreadable CA silently and fail later with a vaguer message: read them first. */
function readPems(connection: ClusterConnection): void {
  const refuse = (path: string, what: string, message: string) => new InvalidInput(`the ${what} of cluster ${connection.name} is ${message}`, [{ path, message }]);
  try {
    new X509Certificate(connection.caBundle);
  } catch {
    throw refuse('caBundle', 'CA bundle', 'not a readable PEM certificate');
  }
  if (connection.credential.kind !== 'client-certificate') return;
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

type ErrorLike = { name?: string; code?: string; message?: string; cause?: unknown };

/** fetch wraps the network error ("fetch failed"); the cause names what really happened. */
function rootCause(error: unknown): ErrorLike {
  let current = error as ErrorLike;
  while (current?.cause && typeof current.cause === 'object') current = current.cause as ErrorLike;
  return current ?? {};
}
