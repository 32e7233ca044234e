import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { type KubeObject, toPlain } from '../kube-object';
import { policyChecks } from './policy-checks';
import type { PlainObject, Problem } from './problem';
import { checkWithPromtool } from './promtool-checks';
import { checkSchemas } from './schema-validation';
import { checkWithServerDryRun, type ServerDryRun } from './server-dry-run';
import type { ToolRunner } from './tool-runner';

export interface ValidateOptions {
  /** Runs promtool and amtool; without it those checks are skipped. */
  runTool?: ToolRunner;
  /** Server-side dry-run against a cluster; without it that check is skipped. */
  serverDryRun?: ServerDryRun;
}

/** Schema and policy checks: pure, synchronous, what the console runs on every plan. */
export function checkPlatform(spec: EnvironmentSpec, objects: readonly KubeObject[]): Problem[] {
  const plain = objects.map(toPlain) as PlainObject[];
  return [...checkSchemas(objects), ...policyChecks.flatMap((check) => check(plain, { spec }))];
}

/** Every check: schema, policy, then promtool/amtool and the server-side dry-run when given. */
export async function validatePlatform(spec: EnvironmentSpec, objects: readonly KubeObject[], options: ValidateOptions = {}): Promise<Problem[]> {
  const plain = objects.map(toPlain) as PlainObject[];
  const problems = checkPlatform(spec, objects);
  if (options.runTool) problems.push(...(await checkWithPromtool(spec, plain, options.runTool)));
  if (options.serverDryRun) problems.push(...(await checkWithServerDryRun(plain, options.serverDryRun)));
  return problems;
}
