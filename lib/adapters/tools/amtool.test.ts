import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { infrastructureImages } from '@/manifests/platform-defaults';
import { amtoolPath } from './run-tool';

// The plan's amtool checks the configuration the rendered Alertmanager will load: the same version.
describe('amtool', () => {
  it('is built at the Alertmanager version the platform renders', () => {
    const pinned = /^\s*github\.com\/prometheus\/alertmanager (v\S+)/m.exec(readFileSync('tools/alertmanager/go.mod', 'utf8'))?.[1];
    expect(pinned).toBe(infrastructureImages.alertmanagerVersion);
    expect(readFileSync('scripts/stack/build-binaries.sh', 'utf8')).toContain(`version.Version=${infrastructureImages.alertmanagerVersion.slice(1)}"`);
  });

  it('is looked for where build-binaries.sh puts it', () => {
    const dir = execFileSync('bash', ['-c', 'source scripts/stack/config.sh && source scripts/stack/lib.sh && pp_bin_dir alertmanager'], { encoding: 'utf8' }).trim();
    expect(dirname(amtoolPath())).toBe(dir);
    expect(amtoolPath()).toBe(join(dir, 'amtool'));
  });
});
