import type { PlanChecks } from '@/lib/core/deploy/plan-contract';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { type KubeObject, toPlain } from '@/manifests/kube-object';
import { checkPlatform } from '@/manifests/validate/validate-platform';
import { checkWithPromtool } from '@/manifests/validate/promtool-checks';
import type { PlainObject } from '@/manifests/validate/problem';
import type { ToolRunner } from '@/manifests/validate/tool-runner';

/** The render's own checks (npm run validate's): schema and policy always; promtool and amtool where installed. */
export async function checkRender(spec: EnvironmentSpec, rendered: readonly KubeObject[], runTool: ToolRunner): Promise<Omit<PlanChecks, 'warnings'>> {
  const problems = checkPlatform(spec, rendered);
  const ran = ['schema', 'policy'];
  const skipped: PlanChecks['skipped'] = [];
  try {
    problems.push(...(await checkWithPromtool(spec, rendered.map(toPlain) as PlainObject[], runTool)));
    ran.push('promtool', 'amtool');
  } catch (error) {
    skipped.push({ check: 'promtool', reason: (error as Error).message });
  }
  return { problems, ran, skipped };
}
