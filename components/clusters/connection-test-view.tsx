import { consoleIdentity, describeCheck, type ConnectionTest } from '@/lib/core/clusters/connection-test';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { DateTime } from '../ui/date-time';
import { Table, Td, Th } from '../ui/table';

/** What a connection test found: who the credential is, the rights the console needs, and any it should not have. */
export function ConnectionTestView({ result, cluster }: { result: ConnectionTest; cluster: string }) {
  const missing = result.needed.filter((answer) => !answer.allowed);
  const broader = result.broader.filter((answer) => answer.allowed);
  return (
    <section aria-label={`Connection test of ${cluster}`} className="space-y-3">
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Acting as</dt>
        <dd className="font-mono break-all">{result.identity.username}</dd>
        <dt className="font-medium">Groups</dt>
        <dd className="font-mono text-xs break-all">{result.identity.groups.join(', ') || 'none'}</dd>
        <dt className="font-medium">Kubernetes</dt>
        <dd>{result.serverVersion}</dd>
        <dt className="font-medium">Cluster identity</dt>
        <dd className="font-mono text-xs break-all">kube-system UID {result.clusterUid}</dd>
        <dt className="font-medium">Credential expires</dt>
        <dd>{result.credentialExpiresAt ? <DateTime value={result.credentialExpiresAt} /> : 'not stated by the credential'}</dd>
        <dt className="font-medium">Tested</dt>
        <dd>
          <DateTime value={result.testedAt} />
        </dd>
      </dl>
      {result.identityIsConsole ? null : (
        <Alert tone="warning" title="This credential is not the console's ServiceAccount">
          It acts as <span className="font-mono text-xs">{result.identity.username}</span>; the admission policies that limit what the console may deploy bind{' '}
          <span className="font-mono text-xs">{consoleIdentity}</span> only.
        </Alert>
      )}
      {broader.length > 0 ? (
        <Alert tone="warning" title="This credential can do more than the console needs">
          <ul className="list-disc pl-5">
            {broader.map((answer) => (
              <li key={describeCheck(answer)}>
                <span className="font-mono text-xs">{describeCheck(answer)}</span>: {answer.why}
              </li>
            ))}
          </ul>
          Use the console&apos;s own ServiceAccount (scripts/stack/manifests/README.md) instead.
        </Alert>
      ) : null}
      {result.namespaces.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No environment deploys to this cluster yet, so no namespace rights were checked.</p>
      ) : (
        <>
          {missing.length > 0 ? (
            <Alert tone="danger" title={`${missing.length} of ${result.needed.length} rights the console needs are missing`} />
          ) : (
            <Alert tone="success" title={`All ${result.needed.length} rights the console needs are granted`} />
          )}
          <Table caption={`Rights of ${cluster} in ${result.namespaces.join(', ')}`}>
            <thead>
              <tr>
                <Th>Right</Th>
                <Th>Needed to</Th>
                <Th>Granted</Th>
              </tr>
            </thead>
            <tbody>
              {result.needed.map((answer) => (
                <tr key={describeCheck(answer)}>
                  <Td className="font-mono text-xs">{describeCheck(answer)}</Td>
                  <Td>{answer.why}</Td>
                  <Td>{answer.allowed ? <Badge tone="success">yes</Badge> : <Badge tone="danger">missing</Badge>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </section>
  );
}
