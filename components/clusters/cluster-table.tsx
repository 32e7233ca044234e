import Link from 'next/link';
import { Badge } from '../ui/badge';
import { DateTime } from '../ui/date-time';
import { Table, Td, Th } from '../ui/table';
import { TestConnectionButton } from './test-connection-button';

export type ClusterView = { name: string; apiServerUrl: string; credentialKind: 'token' | 'client-certificate'; credentialExpiresAt: string | null; updatedAt: string };

const credentialLabels = { token: 'bearer token', 'client-certificate': 'client certificate' } as const;

/** Registered clusters. Credentials are write-only: only their kind is ever shown. */
export function ClusterTable({ clusters }: { clusters: ClusterView[] }) {
  return (
    <Table caption="Registered clusters">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>API server URL</Th>
          <Th>Credential</Th>
          <Th>Updated</Th>
          <Th>Connection</Th>
        </tr>
      </thead>
      <tbody>
        {clusters.map((cluster) => (
          <tr key={cluster.name}>
            <Td className="font-mono font-medium">{cluster.name}</Td>
            <Td className="font-mono text-xs break-all">{cluster.apiServerUrl}</Td>
            <Td>
              <Badge tone="neutral">{credentialLabels[cluster.credentialKind]}</Badge>
              {cluster.credentialExpiresAt ? (
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  expires <DateTime value={cluster.credentialExpiresAt} />
                </span>
              ) : null}
            </Td>
            <Td className="whitespace-nowrap">
              <DateTime value={cluster.updatedAt} />
            </Td>
            <Td>
              <div className="flex flex-wrap items-center gap-3">
                <TestConnectionButton cluster={cluster.name} />
                <Link className="text-sm underline" href={`/clusters/${encodeURIComponent(cluster.name)}`}>
                  Readiness
                </Link>
              </div>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
