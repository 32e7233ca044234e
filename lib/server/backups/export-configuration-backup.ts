import { renderConfigurationBackup } from '@/manifests/export/configuration-backup-files';
import type { UseCaseContext } from '../context';
import { getEnvironment } from '../environments/get-environment';

/**
 * An environment's configuration backup as files (path → text), from the console's data alone: its
 * head spec and render, every deployed revision with its runs and objects, its inventory. Anyone
 * who reads environments may take it: it holds what they already read, no Secret and no credential.
 */
export async function exportConfigurationBackup(ctx: UseCaseContext, name: string): Promise<{ environment: string; revision: number; files: Record<string, string> }> {
  const head = await getEnvironment(ctx, name);
  const [deployed, inventory] = await Promise.all([ctx.deps.deploymentHistory.findDeployedRevisions(name), ctx.deps.deploymentHistory.findInventory(name)]);
  const files = renderConfigurationBackup({ head: { revision: head.number, spec: head.spec }, deployed, inventory, exportedAt: ctx.deps.now() });
  return { environment: name, revision: head.number, files };
}
