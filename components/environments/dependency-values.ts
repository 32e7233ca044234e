import type { ComponentName, ExternalDependency } from '@/lib/core/environments/environment-spec';
import type { FormValues } from './form-values';

// A component's external dependencies as form values, one text per input, keyed by the spec path
// (components.<name>.dependencies.<i>.name|host|port, ….cidrs.<j>), so the schema's and the
// server's issues land on the input they are about. Rows are numbered 0..n-1 without gaps; adding
// or removing one rewrites the component's dependency keys.

export type DependencyRow = { name: string; host: string; port: string; cidrs: string[] };

export function dependenciesKey(component: ComponentName): string {
  return `components.${component}.dependencies`;
}

export function dependencyKey(component: ComponentName, index: number, field: 'name' | 'host' | 'port' | 'cidrs'): string {
  return `${dependenciesKey(component)}.${index}.${field}`;
}

export function cidrKey(component: ComponentName, index: number, cidr: number): string {
  return `${dependencyKey(component, index, 'cidrs')}.${cidr}`;
}

function valuesFromRows(component: ComponentName, rows: DependencyRow[]): FormValues {
  const values: FormValues = {};
  rows.forEach((row, index) => {
    values[dependencyKey(component, index, 'name')] = row.name;
    values[dependencyKey(component, index, 'host')] = row.host;
    values[dependencyKey(component, index, 'port')] = row.port;
    row.cidrs.forEach((cidr, j) => (values[cidrKey(component, index, j)] = cidr));
  });
  return values;
}

export function dependencyValues(component: ComponentName, dependencies: ExternalDependency[]): FormValues {
  return valuesFromRows(
    component,
    dependencies.map((dependency) => ({ name: dependency.name, host: dependency.host ?? '', port: String(dependency.port), cidrs: [...dependency.cidrs] })),
  );
}

/** A form value by key: its text, or undefined where the values have no such key. */
export type ReadValue = (key: string) => string | undefined;

const readFrom =
  (values: FormValues): ReadValue =>
  (key) =>
    key in values ? (typeof values[key] === 'string' ? (values[key] as string) : '') : undefined;

/** The rows the values hold for a component, in order. */
export function dependencyRows(read: ReadValue, component: ComponentName): DependencyRow[] {
  const rows: DependencyRow[] = [];
  for (let index = 0; read(dependencyKey(component, index, 'name')) !== undefined; index++) {
    const cidrs: string[] = [];
    for (let j = 0; read(cidrKey(component, index, j)) !== undefined; j++) cidrs.push(read(cidrKey(component, index, j))!);
    rows.push({
      name: read(dependencyKey(component, index, 'name')) ?? '',
      host: read(dependencyKey(component, index, 'host')) ?? '',
      port: read(dependencyKey(component, index, 'port')) ?? '',
      cidrs,
    });
  }
  return rows;
}

/** The spec's dependencies as the form describes them (not validated). An empty host is absent;
 *  a port that is not digits stays text so the schema says "must be a number". */
export function dependenciesFromValues(values: FormValues, component: ComponentName): unknown[] {
  return dependencyRows(readFrom(values), component).map((row) => {
    const port = row.port.trim();
    return {
      name: row.name.trim(),
      ...(row.host.trim() ? { host: row.host.trim() } : {}),
      cidrs: row.cidrs.map((cidr) => cidr.trim()),
      port: port === '' ? undefined : /^\d+$/.test(port) ? Number(port) : port,
    };
  });
}

/** The values with the component's rows replaced by `change(rows)`. */
export function withDependencyRows(values: FormValues, component: ComponentName, change: (rows: DependencyRow[]) => DependencyRow[]): FormValues {
  const rows = change(dependencyRows(readFrom(values), component));
  const prefix = `${dependenciesKey(component)}.`;
  const kept = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith(prefix)));
  return { ...kept, ...valuesFromRows(component, rows) };
}

export const emptyDependencyRow = (): DependencyRow => ({ name: '', host: '', port: '', cidrs: [''] });
