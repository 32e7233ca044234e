import { highestRole, type Role } from './roles';

/** The role a user's identity-provider groups grant, or undefined when none is mapped. */
export function roleFromGroups(groups: unknown, mapping: Record<string, Role>): Role | undefined {
  const list = Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [];
  return highestRole(list.flatMap((group) => (Object.hasOwn(mapping, group) ? [mapping[group]!] : [])));
}
