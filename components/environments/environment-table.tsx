import Link from 'next/link';
import type { Tier } from '@/lib/core/environments/environment-spec';
import { DateTime } from '../ui/date-time';
import { Table, Td, Th } from '../ui/table';
import { ProtectedBadge, TierBadge } from './tier-badge';

export type EnvironmentRow = {
  name: string;
  tier: Tier;
  protected: boolean;
  cluster: string;
  namespace: string;
  revision: number;
  updatedAt: string;
  updatedBy: string;
};

export function EnvironmentTable({ environments }: { environments: EnvironmentRow[] }) {
  return (
    <Table caption="Environments">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Tier</Th>
          <Th>Cluster / namespace</Th>
          <Th className="text-right">Revision</Th>
          <Th>Last updated</Th>
        </tr>
      </thead>
      <tbody>
        {environments.map((environment) => (
          <tr key={environment.name} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
            <Td>
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/environments/${environment.name}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {environment.name}
                </Link>
                {environment.protected ? <ProtectedBadge /> : null}
              </div>
            </Td>
            <Td>
              <TierBadge tier={environment.tier} />
            </Td>
            <Td className="font-mono text-xs">
              {environment.cluster} / {environment.namespace}
            </Td>
            <Td className="text-right tabular-nums">{environment.revision}</Td>
            <Td>
              <div>{environment.updatedBy}</div>
              <div className="text-xs text-slate-600 dark:text-slate-400">
                <DateTime value={environment.updatedAt} />
              </div>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
