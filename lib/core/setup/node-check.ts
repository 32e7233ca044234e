import { pass, unreadable, type ReadinessCheck, type ReadinessEnvironment, type Reading } from './readiness';

const title = 'Nodes and zones';
/** The seed's cluster minimums. */
export const minimumNodes = 3;
export const minimumProductionNodes = 5;
export const minimumZones = 3;
export const zoneLabel = 'topology.kubernetes.io/zone';

/** `tainted`: a NoSchedule or NoExecute taint (control-plane and dedicated nodes), which the platform's pods do not tolerate. */
export type NodeFacts = { name: string; ready: boolean; zone: string | null; unschedulable: boolean; tainted?: string };

export function checkNodes(reading: Reading<NodeFacts[]>, environments: ReadinessEnvironment[]): ReadinessCheck {
  const id = 'nodes';
  if (!reading.ok) return unreadable(id, title, 'the nodes', reading.error);
  const usable = reading.value.filter((node) => node.ready && !node.unschedulable && !node.tainted);
  const notUsable = reading.value
    .filter((node) => !usable.includes(node))
    .map((node) => `${node.name} is ${!node.ready ? 'not Ready' : node.unschedulable ? 'cordoned (unschedulable)' : `tainted ${node.tainted}, which the platform's pods do not tolerate`}`);
  const zones = [...new Set(usable.map((node) => node.zone).filter((zone): zone is string => zone !== null))].sort();
  const production = environments.filter((environment) => environment.tier === 'production').map((environment) => environment.name);
  const needed = production.length > 0 ? minimumProductionNodes : minimumNodes;
  const summary = `${usable.length} ready, schedulable node${usable.length === 1 ? '' : 's'} in ${zones.length} zone${zones.length === 1 ? '' : 's'}${zones.length ? ` (${zones.join(', ')})` : ''}`;
  const details = [...notUsable, ...usable.filter((node) => node.zone === null).map((node) => `${node.name} has no ${zoneLabel} label`)];
  if (usable.length < needed) {
    const why = production.length > 0 ? `production (${production.join(', ')}) needs at least ${minimumProductionNodes}` : `the platform needs at least ${minimumNodes}`;
    return { id, title, status: 'fail', summary: `${summary}: ${why}`, details, remedy: `add ${needed - usable.length} node${needed - usable.length === 1 ? '' : 's'} (or make the existing ones Ready and schedulable)${production.length ? ', or move the production environment to a larger cluster' : ''}` };
  }
  if (zones.length < minimumZones) {
    return { id, title, status: 'warn', summary: `${summary}: fewer than ${minimumZones} zones, so losing one zone can take the platform down`, details, remedy: `spread the nodes over at least ${minimumZones} zones and label each with ${zoneLabel}` };
  }
  return pass(id, title, summary, details);
}
