// Traces of a plan and of its deploy run reach the local stack's Jaeger (OTLP/HTTP on 54318, read
// back through its query API), one trace each, with a span per step, under the id the UI derives
// from the plan's or run's id. Needs the local stack (Jaeger, the kube testbed).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import type { Deps } from '@/lib/server/deps';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { findTrace, otlpHttpUrl, type JaegerTrace } from '@/scripts/stack/emit-trace';
import { uniqueName } from '@/scripts/stack/test-support';
import { createPlan } from '../plans/create-plan';
import { toPlanDto } from '../plans/plan-dto';
import { toRunDto } from '../runs/run-dto';
import { deployPlan } from '../runs/deploy-plan';
import { executeDeployRun } from '../runs/execute-deploy-run';
import { consoleMetrics } from './metrics';
import { otlpExporter, traceIdOf } from './run-trace';

const db = createTestDb();
// A service name of the test's own, so Jaeger's search by service finds only this test's traces.
const serviceName = unique('console-trace-test');
const base = createTestDeps(db);
const deps: Deps = { ...base, tracing: { serviceName, export: otlpExporter(otlpHttpUrl) }, deploy: { ...base.deploy, rolloutTimeoutSeconds: 120, rolloutPollMs: 300 } };
const environment = uniqueName('tr');
const cluster = unique('trace-testbed');
let grant: { revoke: () => Promise<void> };
let admin: Actor;
let operator: Actor;

beforeAll(async () => {
  admin = await createActor(deps, 'admin');
  operator = await createActor(deps, 'operator');
  const spec = { ...starterSpec(environment, 'development'), cluster };
  grant = await grantTestbedNamespaces(environment, spec.namespace);
  await registerTestbedAs(deps, cluster);
  await createEnvironment(contextFor(deps, admin), { spec, changeNote: 'trace test' });
}, 120_000);
afterAll(async () => {
  await grant?.revoke();
  await db.$disconnect();
}, 120_000);

const spanNames = (trace: JaegerTrace) => trace.spans.map((span) => span.operationName);
const tag = (trace: JaegerTrace, operation: string, key: string) => trace.spans.find((s) => s.operationName === operation)?.tags.find((t) => t.key === key)?.value;

it('a plan and its deploy run each appear in Jaeger as one trace with a span per step', async () => {
  const plan = await createPlan(contextFor(deps, operator), environment);
  const planTrace = await findTrace(serviceName, traceIdOf(plan.id), 20_000);
  console.log(`plan ${plan.id}: trace ${planTrace.traceID} spans ${spanNames(planTrace).join(', ')}`);
  expect(spanNames(planTrace).sort()).toEqual(['checks', 'cluster comparison', 'find deletions', 'plan', 'render', 'store plan'].sort());
  expect(tag(planTrace, 'plan', 'personapass.environment')).toBe(environment);
  expect(planTrace.spans.every((span) => span.traceID === traceIdOf(plan.id))).toBe(true);
  // What the UI links with: the plan's answer names the trace.
  expect(toPlanDto(plan, new Date()).traceId).toBe(planTrace.traceID);

  const run = await deployPlan(contextFor(deps, operator), plan.id);
  expect(await executeDeployRun(deps, run.id, 'trace-test-worker')).toBe('executed');
  expect((await deps.runs.getRun(run.id))?.status).toBe('succeeded');
  const runTrace = await findTrace(serviceName, toRunDto((await deps.runs.getRun(run.id))!).traceId, 20_000);
  const names = spanNames(runTrace);
  console.log(`run ${run.id}: trace ${runTrace.traceID} spans ${names.join(', ')}`);
  expect(names).toContain('deploy run');
  expect(names).toContain('drift check');
  expect(names).toContain('rollout wait');
  expect(names.filter((name) => name.startsWith('wave ')).length).toBeGreaterThan(1);
  expect(tag(runTrace, 'deploy run', 'personapass.outcome')).toBe('succeeded');

  // The same run measured: an outcome counted and its waves timed, labelled by environment.
  const text = await consoleMetrics().registry.metrics();
  expect(text).toContain(`console_deploy_runs_total{environment="${environment}",outcome="succeeded"} 1`);
  expect(text).toMatch(new RegExp(`console_deploy_wave_duration_seconds_count\\{environment="${environment}",wave="[a-z-]+"\\} 1`));
  expect(text).toMatch(new RegExp(`console_plan_duration_seconds_count\\{environment="${environment}",outcome="planned"\\} 1`));
}, 180_000);
