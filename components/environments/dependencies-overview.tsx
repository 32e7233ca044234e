import { componentNames, type EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { Table, Td, Th } from '../ui/table';

/** Each component's external dependencies: what its network policy lets it reach outside the cluster. */
export function DependenciesOverview({ spec }: { spec: EnvironmentSpec }) {
  return (
    <Table caption="External dependencies">
      <thead>
        <tr>
          <Th>Component</Th>
          <Th>Dependency</Th>
          <Th>Host</Th>
          <Th>Port</Th>
          <Th>CIDR blocks</Th>
        </tr>
      </thead>
      <tbody>
        {componentNames.map((name) => {
          const { dependencies } = spec.components[name];
          const componentCell = (rowSpan: number) => (
            <th scope="row" rowSpan={rowSpan} className="border-b border-slate-100 px-4 py-2.5 text-left align-top font-mono text-sm font-semibold dark:border-slate-800">
              {name}
            </th>
          );
          if (dependencies.length === 0) {
            return (
              <tr key={name}>
                {componentCell(1)}
                <Td colSpan={4} className="text-slate-600 dark:text-slate-400">
                  none: it reaches nothing outside the cluster
                </Td>
              </tr>
            );
          }
          return dependencies.map((dependency, index) => (
            <tr key={`${name}/${dependency.name}`}>
              {index === 0 ? componentCell(dependencies.length) : null}
              <Td className="font-mono text-xs font-semibold">{dependency.name}</Td>
              <Td className="font-mono text-xs break-all">{dependency.host ?? <span className="font-sans text-slate-500">by address only</span>}</Td>
              <Td className="font-mono text-xs">{dependency.port}</Td>
              <Td>
                <ul aria-label={`CIDR blocks of ${name} ${dependency.name}`} className="flex flex-wrap gap-1.5">
                  {dependency.cidrs.map((cidr) => (
                    <li key={cidr} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">
                      {cidr}
                    </li>
                  ))}
                </ul>
              </Td>
            </tr>
          ));
        })}
      </tbody>
    </Table>
  );
}
