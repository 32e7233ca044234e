import type { ClusterProvisioning } from '../ports';

/** "cluster local is starting (building Kubernetes, about 7 min left)", for banners and disabled deploy buttons. */
export function describeProvisioning(provisioning: Pick<ClusterProvisioning, 'name' | 'state' | 'detail' | 'readyBy'>, now: Date): string {
  if (provisioning.state === 'failed') return `cluster ${provisioning.name} could not be started (${provisioning.detail})`;
  return `cluster ${provisioning.name} is starting (${provisioning.detail}${timeLeft(provisioning.readyBy, now)})`;
}

function timeLeft(readyBy: Date | null, now: Date): string {
  if (!readyBy) return '';
  const minutes = Math.ceil((readyBy.getTime() - now.getTime()) / 60_000);
  if (minutes <= 1) return ', about a minute left';
  return `, about ${minutes} min left`;
}
