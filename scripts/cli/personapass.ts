// The console's command line: a thin client of the REST API, authenticated with a personal API
// token. Everything it does goes through the same server-side authorization as the browser.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { readBackupFolder, writeBackupFolder } from './backup-folder';
import { followRun, type StreamEvent } from './follow-run';
import { setupCommand } from './setup-command';
import { terminalJson, terminalText } from './terminal-text';
import { troubleshootCommand } from './troubleshoot-command';

const usage = `usage: personapass <command> [options]

  whoami                                   who the token belongs to, and its role
  env list                                 environments with tier, protection and head revision
  env get NAME [--revision N]              a revision as JSON {revision, spec} (head by default)
  env apply -f FILE [--note TEXT]          create, or update on top of the file's "revision"
  env history NAME [--limit N]             revisions, newest first
  env diff NAME FROM TO                    field-level changes between two revisions
  env clone SOURCE NAME [--tier T] [--namespace NS]
  env targets NAME                         the namespaces it holds, in use or left behind by a move
  targets release CLUSTER NAMESPACE        free a namespace left behind, once it is empty (admin)
  plan NAME [--components a,b] [--revision N] [--allow-deletes] [--force]
                                           what deploying it would change: summary, checks and diffs
                                           (writes nothing to the cluster; exit code 2 when a check fails);
                                           --revision: the head or one that deployed successfully
  approve PLAN_ID [--comment TEXT]         approve a plan of a protected environment (approvers; never your own)
  reject PLAN_ID --comment TEXT            reject a plan: it is closed
  deploy PLAN_ID [--wait]                  deploy an approved (or unprotected) plan; --wait shows its progress
                                           and exits 0 only when its rollout was verified healthy
  runs NAME [--limit N]                    an environment's deploy runs, newest first
  cancel RUN_ID                            cancel a queued run no worker has taken (operators, admins)
  rollback NAME REVISION                   a new plan of an earlier revision that deployed successfully
  drift NAME [--check]                     what differs on the cluster from the last successful deploy, who changed it
                                           and the diff, as last checked (--check: check now; operators, admins);
                                           exit code 2 when it drifted, 1 when the check failed
  reconcile NAME [--force]                 a new plan of the revision deployed last, to undo drift (--force: admins
                                           take back fields another field manager changed)
  scale NAME COMPONENT --replicas N | --min A --max B [--scale-to-zero on|off] [--reason TEXT]
                                           scale a component: replicas without an autoscaler, bounds under KEDA;
                                           a new revision, deployed at once where no approval is needed
  setup CLUSTER [--install [--out DIR]]    is the cluster ready for the platform: each check pass, warn or fail
                                           with what to do (exit code 2 when one fails); --install adds what a
                                           cluster administrator must apply, written to DIR with --out
  troubleshoot NAME [--component C] [--bundle FILE]
                                           what is wrong (start-up, network, scaling, performance) with evidence
                                           and what to do; exit code 2 when a problem is found; --bundle writes
                                           a support bundle (tar.gz, secrets redacted; operators and above)
  export NAME --out DIR                    the environment's configuration backup as a Git-ready folder: its spec,
                                           rendered YAML and every deployed revision with its runs and objects
                                           (no Secret values, no cluster credential)
  import DIR --as NAME [--namespace NS] [--cluster C]
                                           create an environment from such a folder (another name, namespace set or
                                           cluster); then plan and deploy it as any other
  users list [--email ADDRESS]             people who signed in, with status and live tokens (admin)
  users disable USER --reason TEXT         end their sessions and tokens now; sign-in refused until enabled (admin)
  users enable USER                        allow a disabled person to sign in again (admin)
  users revoke-tokens USER                 revoke every live API token of a person (admin)
  users check USER                         re-read their groups from the identity provider now (admin)
                                           USER is an id, or an email address that only one person uses
  webhooks list NAME                       an environment's outgoing webhooks (admin)
  webhooks add NAME --name TEXT --url URL --format slack|generic [--events a,b]
                                           add one; prints its signing secret, shown this once (admin)
  webhooks test NAME ID                    queue a test event to it
  webhooks deliveries NAME ID              its delivery log: status, attempts, last answer
  webhooks delete NAME ID                  delete it and its delivery log
  backup [--wait]                          back up the console's database now (admin); --wait until it is verified
  backup list [--limit N]                  the console's database backups, newest first (admin)
  restore FILE [--force]                   on the console's host, not over the API: restore the console's database
                                           from a backup file (stop the console first). Verifies the whole file
                                           before touching anything; --force replaces a database that is not empty.
                                           Needs MIGRATION_DATABASE_URL (or DATABASE_URL) and BACKUP_KEYS

environment: PERSONAPASS_URL (default http://127.0.0.1:3000), PERSONAPASS_TOKEN (ppc_...)`;

class CliError extends Error {}

async function api(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const base = process.env.PERSONAPASS_URL ?? 'http://127.0.0.1:3000';
  const token = process.env.PERSONAPASS_TOKEN;
  if (!token) throw new CliError('set PERSONAPASS_TOKEN to a personal API token (create one under API tokens in the console)');
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  }).catch((error: Error) => {
    throw new CliError(`cannot reach ${base}: ${error.message}`);
  });
  const payload = (await response.json().catch(() => ({}))) as any;
  if (!response.ok) {
    const error = payload?.error ?? {};
    const issues = (error.details?.issues ?? []).map((issue: { path: string; message: string }) => `\n  ${issue.path}: ${issue.message}`).join('');
    const changes = (error.details?.changes ?? []).map((change: { path: string; before: unknown; after: unknown }) => `\n  ${change.path}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`).join('');
    throw new CliError(`${response.status} ${error.code ?? 'error'}: ${error.message ?? response.statusText}${issues}${changes}`);
  }
  return payload;
}

// Everything printed passes through these: the server echoes what users wrote (names, notes).
const print = (value: unknown) => console.log(terminalJson(value));
const say = (text: string) => console.log(terminalText(text, { multiline: true }));

function table(rows: Array<Record<string, unknown>>, columns: string[]) {
  const cells = rows.map((row) => columns.map((column) => terminalText(String(row[column] ?? ''))));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((row) => row[index]!.length)));
  const line = (values: string[]) => values.map((cell, index) => cell.padEnd(widths[index]!)).join('  ').trimEnd();
  console.log(line(columns.map((column) => column.toUpperCase())));
  for (const row of cells) console.log(line(row));
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: 'string', short: 'f' },
      note: { type: 'string' },
      revision: { type: 'string' },
      limit: { type: 'string' },
      tier: { type: 'string' },
      namespace: { type: 'string' },
      reason: { type: 'string' },
      email: { type: 'string' },
      components: { type: 'string' },
      'allow-deletes': { type: 'boolean' },
      force: { type: 'boolean' },
      comment: { type: 'string' },
      wait: { type: 'boolean' },
      replicas: { type: 'string' },
      min: { type: 'string' },
      max: { type: 'string' },
      'scale-to-zero': { type: 'string' },
      install: { type: 'boolean' },
      out: { type: 'string' },
      component: { type: 'string' },
      bundle: { type: 'string' },
      as: { type: 'string' },
      cluster: { type: 'string' },
      name: { type: 'string' },
      url: { type: 'string' },
      format: { type: 'string' },
      events: { type: 'string' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, verb, ...rest] = positionals;
  if (values.help || !group) return say(usage);
  if (group === 'whoami') return print(await api('GET', '/me'));
  if (group === 'backup') return backupCommand(verb, values);
  if (group === 'restore') {
    const { restoreCommand } = await import('./restore-command');
    return say(await restoreCommand(verb, Boolean(values.force)).catch((error: Error) => Promise.reject(new CliError(error.message))));
  }
  if (group === 'users') return usersCommand(verb, rest[0], values);
  if (group === 'plan') return planCommand(verb, values);
  if (group === 'scale') return scaleCommand(verb, rest[0], values);
  if (group === 'setup') {
    if (!verb) throw new CliError(`setup needs a registered cluster name\n${usage}`);
    return setupCommand(verb, values, { api, say });
  }
  if (group === 'troubleshoot') {
    return troubleshootCommand(verb, values, api, (message) => {
      throw new CliError(message);
    });
  }
  if (group === 'export') return exportCommand(verb, values.out);
  if (group === 'import') return importCommand(verb, values);
  if (group === 'webhooks') return webhooksCommand(verb, rest, values);
  if (group === 'drift' || group === 'reconcile') return driftCommand(group, verb, values);
  if (['approve', 'reject', 'deploy', 'runs', 'rollback', 'cancel'].includes(group)) return runCommand(group, verb, rest, values);
  if (group === 'targets' && verb === 'release') {
    const [cluster, namespace] = rest;
    if (!cluster || !namespace) throw new CliError('targets release needs CLUSTER NAMESPACE');
    const released = await api('POST', '/deploy-targets/release', { body: { cluster, namespace } });
    return say(`released ${released.namespace} on ${released.cluster} (left behind by ${released.releasedFrom})`);
  }
  if (group !== 'env') throw new CliError(`unknown command "${group}"\n${usage}`);
  const name = rest[0];
  const needName = () => {
    if (!name) throw new CliError(`env ${verb} needs an environment name`);
    return encodeURIComponent(name);
  };
  switch (verb) {
    case 'list': {
      const page = await api('GET', '/environments?limit=200');
      return table(page.items.map((item: any) => ({ ...item, protected: item.protected ? 'yes' : 'no' })), ['name', 'tier', 'protected', 'cluster', 'namespace', 'revision', 'updatedBy']);
    }
    case 'get': {
      const path = values.revision ? `/environments/${needName()}/revisions/${values.revision}` : `/environments/${needName()}`;
      const revision = await api('GET', path);
      return print({ revision: revision.revision, spec: revision.spec });
    }
    case 'apply': {
      if (!values.file) throw new CliError('env apply needs -f FILE (as written by env get)');
      const document = JSON.parse(await readFile(values.file, 'utf8')) as { revision?: number; spec: { name: string } };
      const note = values.note ?? 'applied from the command line';
      if (document.revision === undefined) {
        const created = await api('POST', '/environments', { body: { spec: document.spec, changeNote: note } });
        return say(`created ${created.name} at revision ${created.revision}`);
      }
      const saved = await api('PUT', `/environments/${encodeURIComponent(document.spec.name)}`, {
        body: { spec: document.spec, changeNote: note },
        headers: { 'if-match': `"${document.revision}"` },
      });
      return say(`saved ${saved.name} revision ${saved.revision}`);
    }
    case 'history': {
      const page = await api('GET', `/environments/${needName()}/revisions?limit=${values.limit ?? 20}`);
      return table(page.items.map((item: any) => ({ ...item, author: item.author.email })), ['revision', 'createdAt', 'author', 'changeNote']);
    }
    case 'diff': {
      const [, from, to] = rest;
      if (!from || !to) throw new CliError('env diff needs NAME FROM TO');
      const diff = await api('GET', `/environments/${needName()}/diff?from=${from}&to=${to}`);
      if (diff.changes.length === 0) return say('no differences');
      for (const change of diff.changes) say(`${change.kind.padEnd(8)} ${change.path}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`);
      return;
    }
    case 'targets': {
      const targets = await api('GET', `/environments/${needName()}/deploy-targets`);
      const rows = targets.items.map((target: any) => ({ ...target, state: target.leftAt ? `left behind ${target.leftAt}` : 'in use', protected: target.protected ? 'yes' : 'no' }));
      return table(rows, ['cluster', 'namespace', 'state', 'protected']);
    }
    case 'clone': {
      const target = rest[1];
      if (!target) throw new CliError('env clone needs SOURCE NAME');
      const created = await api('POST', `/environments/${needName()}/clone`, {
        body: { name: target, ...(values.tier ? { tier: values.tier } : {}), ...(values.namespace ? { namespace: values.namespace } : {}) },
      });
      return say(`cloned ${name} into ${created.name} (revision ${created.revision})`);
    }
    default:
      throw new CliError(`unknown command "env ${verb ?? ''}"\n${usage}`);
  }
}

async function usersCommand(verb: string | undefined, who: string | undefined, values: { reason?: string; email?: string }): Promise<void> {
  if (verb === 'list') {
    const page = await api('GET', `/users?limit=200${values.email ? `&email=${encodeURIComponent(values.email)}` : ''}`);
    const rows = page.items.map((user: any) => ({
      ...user,
      email: user.emailVerified === false ? `${user.email} (unverified)` : user.email,
      status: user.status === 'disabled' ? `disabled (${user.disabledBy})` : 'active',
      roleRefresh: user.roleRefresh === 'sign-in' ? 'at sign-in' : 'every 15 min',
    }));
    return table(rows, ['id', 'email', 'name', 'role', 'status', 'liveTokens', 'roleRefresh', 'lastLoginAt']);
  }
  if (!who) throw new CliError(`users ${verb ?? ''} needs a user id or email\n${usage}`);
  const id = await resolveUser(who);
  switch (verb) {
    case 'disable': {
      if (!values.reason) throw new CliError('users disable needs --reason TEXT (it goes to the audit log)');
      const user = await api('POST', `/users/${id}/disable`, { body: { reason: values.reason } });
      return say(`disabled ${user.email}: sessions ended, tokens revoked`);
    }
    case 'enable':
      return say(`enabled ${(await api('POST', `/users/${id}/enable`)).email}`);
    case 'revoke-tokens':
      return say(`revoked ${(await api('DELETE', `/users/${id}/tokens`)).revoked} token(s)`);
    case 'check': {
      const { result, user } = await api('POST', `/users/${id}/role-check`);
      return say(`${user.email}: ${result} (role ${user.role}, ${user.status})`);
    }
    default:
      throw new CliError(`unknown command "users ${verb ?? ''}"\n${usage}`);
  }
}

async function exportCommand(name: string | undefined, out: string | undefined): Promise<void> {
  if (!name || !out) throw new CliError('export needs NAME --out DIR');
  const backup = await api('GET', `/environments/${encodeURIComponent(name)}/configuration-backup`);
  const written = await writeBackupFolder(out, backup.files).catch((error: Error) => {
    throw new CliError(error.message);
  });
  say(`exported ${backup.environment} revision ${backup.revision} into ${out} (${written} files)`);
}

async function importCommand(dir: string | undefined, values: { as?: string; namespace?: string; cluster?: string }): Promise<void> {
  if (!dir || !values.as) throw new CliError('import needs DIR --as NAME [--namespace NS] [--cluster C]');
  const backup = await readBackupFolder(dir).catch((error: Error) => {
    throw new CliError(error.message);
  });
  const body = { ...backup, ...(values.namespace ? { namespace: values.namespace } : {}), ...(values.cluster ? { cluster: values.cluster } : {}) };
  const created = await api('POST', `/environments/${encodeURIComponent(values.as)}/restore`, { body });
  say(`created ${created.name} at revision ${created.revision} from ${dir}; plan it: personapass plan ${created.name}`);
}

async function planCommand(name: string | undefined, values: { components?: string; revision?: string; 'allow-deletes'?: boolean; force?: boolean }): Promise<void> {
  if (!name) throw new CliError('plan needs an environment name');
  const body = {
    ...(values.components ? { components: values.components.split(',').map((c) => c.trim()).filter(Boolean) } : {}),
    ...(values.revision ? { revision: Number(values.revision) } : {}),
    ...(values['allow-deletes'] ? { allowDeletes: true } : {}),
    ...(values.force ? { force: true } : {}),
  };
  const plan = await api('POST', `/environments/${encodeURIComponent(name)}/plans`, { body });
  const { byAction } = plan.summary;
  say(`plan ${plan.id} of ${plan.environment} revision ${plan.revision} on ${plan.cluster} (${plan.namespace})`);
  say(plan.noChanges ? 'no changes' : `${byAction.create} to create, ${byAction.update} to update, ${byAction.delete} to delete, ${byAction.unchanged} unchanged`);
  const rows = Object.entries(plan.summary.byComponent as Record<string, { create: number; update: number; delete: number; unchanged: number }>).filter(([, counts]) => counts.create + counts.update + counts.delete > 0);
  if (rows.length) table(rows.map(([component, counts]) => ({ component, ...counts })), ['component', 'create', 'update', 'delete', 'unchanged']);
  for (const kept of plan.summary.kept) say(`kept ${kept.object}: ${kept.reason}`);
  for (const warning of plan.checks.warnings) say(`warning ${warning.object} ${warning.path}: ${warning.message} [${warning.check}]`);
  for (const skipped of plan.checks.skipped) say(`skipped ${skipped.check}: ${skipped.reason}`);
  say(plan.checksPassed ? `checks passed (${plan.checks.ran.join(', ')})` : `checks FAILED: ${plan.checks.problems.length} problem(s); this plan cannot be approved or deployed`);
  for (const problem of plan.checks.problems) say(`  ${problem.object} ${problem.path || '(object)'}: ${problem.message} [${problem.check}]`);
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: { items: Array<{ action: string; object: string; diff: string }>; nextCursor: string | null } = await api('GET', `/plans/${plan.id}/objects?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    for (const object of page.items.filter((o) => o.action !== 'unchanged')) say(`\n${object.action} ${object.object}\n${object.diff.trimEnd()}`);
    cursor = page.nextCursor;
  }
  if (!plan.checksPassed) process.exitCode = 2;
}

// Approvals, deploys, runs and rollbacks. Writes carry an Idempotency-Key, so a retry after a
// dropped connection does not approve or deploy twice.
async function runCommand(group: string, target: string | undefined, rest: string[], values: { comment?: string; wait?: boolean; limit?: string }): Promise<void> {
  if (!target) throw new CliError(`${group} needs ${group === 'runs' || group === 'rollback' ? 'an environment name' : group === 'cancel' ? 'a run id' : 'a plan id'}\n${usage}`);
  const id = encodeURIComponent(target);
  const once = { 'idempotency-key': randomUUID() };
  switch (group) {
    case 'approve':
    case 'reject': {
      if (group === 'reject' && !values.comment) throw new CliError('reject needs --comment TEXT saying why');
      const decision = await api('POST', `/plans/${id}/${group === 'approve' ? 'approvals' : 'rejections'}`, { body: { comment: values.comment ?? '' }, headers: once });
      return say(`${decision.decision} plan ${decision.planId} (hash ${decision.planHash.slice(0, 12)}) as ${decision.approver.email}${group === 'approve' ? `, valid until ${decision.expiresAt}` : ''}`);
    }
    case 'deploy': {
      const run = await api('POST', `/plans/${id}/runs`, { body: {}, headers: once });
      say(`run ${run.id} queued: ${run.kind} of ${run.environment} revision ${run.revision} on ${run.cluster}`);
      if (!values.wait) return say(`follow it with: personapass runs ${run.environment}`);
      const final = await followRun({
        baseUrl: process.env.PERSONAPASS_URL ?? 'http://127.0.0.1:3000',
        token: process.env.PERSONAPASS_TOKEN!,
        runId: run.id,
        onEvent: (event) => {
          const line = progressLine(event);
          if (line) say(line);
        },
        onReconnect: (delay, reason) => say(`progress stream lost (${reason}); reconnecting in ${Math.round(delay / 100) / 10} s`),
      });
      if (final.type !== 'run.succeeded') {
        process.exitCode = 1;
        return say(`run ${run.id} ${final.type.slice(4)}: ${String(final.payload.error ?? '')}`);
      }
      return say(`run ${run.id} succeeded: rollouts verified healthy`);
    }
    case 'runs': {
      const page = await api('GET', `/environments/${id}/runs?limit=${values.limit ?? 20}`);
      const rows = page.items.map((run: any) => ({
        ...run,
        requestedBy: run.requestedBy.email,
        approvers: run.approvers.map((approver: { email: string }) => approver.email).join(', ') || '-',
        objects: Object.entries(run.counts).map(([status, count]) => `${count} ${status}`).join(', '),
        error: run.error ?? '',
      }));
      return table(rows, ['id', 'kind', 'status', 'revision', 'requestedBy', 'approvers', 'objects', 'createdAt', 'finishedAt', 'error']);
    }
    case 'cancel': {
      const run = await api('POST', `/runs/${id}/cancellations`, { body: {}, headers: once });
      return say(`run ${run.id} cancelled: ${run.kind} of ${run.environment} revision ${run.revision}; plan again to deploy later`);
    }
    case 'rollback': {
      const revision = Number(rest[0]);
      if (!Number.isInteger(revision) || revision < 1) throw new CliError('rollback needs NAME REVISION (a revision that deployed successfully; see personapass runs NAME)');
      const plan = await api('POST', `/environments/${id}/rollback`, { body: { revision }, headers: once });
      say(`plan ${plan.id}: roll ${plan.environment} back to revision ${plan.revision} (${plan.summary.changes} change${plan.summary.changes === 1 ? '' : 's'})`);
      return say(plan.approvalsRequired > 0 ? `it needs ${plan.approvalsRequired} approval(s): personapass approve ${plan.id}; then personapass deploy ${plan.id} --wait` : `deploy it: personapass deploy ${plan.id} --wait`);
    }
  }
}

// Drift as the last check stored it (or checked now), and Reconcile: the plan of the deployed revision.
async function driftCommand(group: 'drift' | 'reconcile', environment: string | undefined, values: { check?: boolean; force?: boolean }): Promise<void> {
  if (!environment) throw new CliError(`${group} needs an environment name\n${usage}`);
  const id = encodeURIComponent(environment);
  if (group === 'reconcile') {
    const plan = await api('POST', `/environments/${id}/reconcile`, { body: values.force ? { force: true } : {}, headers: { 'idempotency-key': randomUUID() } });
    say(`plan ${plan.id}: ${plan.environment} back to revision ${plan.revision}, deployed last (${plan.summary.changes} change${plan.summary.changes === 1 ? '' : 's'})`);
    if (!plan.checksPassed) {
      process.exitCode = 2;
      return say(`its checks failed (fields another manager changed need an admin's --force): personapass plan ${plan.environment} --revision ${plan.revision}`);
    }
    return say(plan.approvalsRequired > 0 ? `it needs ${plan.approvalsRequired} approval(s): personapass approve ${plan.id}; then personapass deploy ${plan.id} --wait` : `deploy it: personapass deploy ${plan.id} --wait`);
  }
  const report = await api(values.check ? 'POST' : 'GET', `/environments/${id}/drift`);
  const checked = report.checkedAt ? `checked ${report.checkedAt}` : 'not checked yet';
  if (report.revision === null) return say(`${report.environment} never deployed successfully: nothing to compare`);
  if (report.status === 'failed') {
    process.exitCode = 1;
    return say(`${report.environment}: the drift check failed (${checked}): ${report.error}`);
  }
  if (report.status !== 'drifted') return say(`${report.environment}: ${report.status === 'in-sync' ? 'in sync with' : 'drift not checked yet against'} revision ${report.revision}, deployed last (${checked})`);
  process.exitCode = 2;
  say(`${report.environment}: ${report.objects.length} object(s) drifted from revision ${report.revision}, deployed last (${checked})`);
  for (const object of report.objects) {
    const who = object.changedBy.map((changer: { manager: string; operation: string; time: string | null; fields: string[] }) => `${changer.manager} (${changer.operation}${changer.time ? ` ${changer.time}` : ''}): ${changer.fields.join(', ')}`);
    say(`\n${object.objectId} ${object.change}${who.length ? ` by ${who.join('; ')}` : ''}`);
    if (object.diff) say(object.diff.trimEnd());
  }
  say(`\nundo it: personapass reconcile ${report.environment}`);
}

// The server holds every rule (scale-component.ts); the client only turns flags into the request.
async function scaleCommand(environment: string | undefined, component: string | undefined, values: { replicas?: string; min?: string; max?: string; 'scale-to-zero'?: string; reason?: string }): Promise<void> {
  if (!environment || !component) throw new CliError(`scale needs NAME COMPONENT\n${usage}`);
  const count = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^[0-9]+$/.test(value)) throw new CliError(`--${flag} needs a whole number, not "${value}"`);
    return Number(value);
  };
  const zero = values['scale-to-zero'];
  if (zero !== undefined && zero !== 'on' && zero !== 'off') throw new CliError('--scale-to-zero is on or off');
  const bounds = values.min !== undefined || values.max !== undefined || zero !== undefined;
  if (values.replicas !== undefined && bounds) throw new CliError('give --replicas N (no autoscaler), or --min A --max B [--scale-to-zero on|off] (KEDA scales it), not both');
  if (values.replicas === undefined && !bounds) throw new CliError(`scale needs --replicas N, or --min A and/or --max B\n${usage}`);
  const body = {
    component,
    replicas: count('replicas', values.replicas),
    minReplicas: count('min', values.min),
    maxReplicas: count('max', values.max),
    scaleToZero: zero === undefined ? undefined : zero === 'on',
    reason: values.reason,
  };
  const result = await api('POST', `/environments/${encodeURIComponent(environment)}/scale`, { body, headers: { 'idempotency-key': randomUUID() } });
  say(`revision ${result.revision}: ${result.changeNote}`);
  if (result.run) return say(`run ${result.run.id} queued to deploy it; follow it with: personapass runs ${environment}`);
  return say(`plan ${result.plan.id} needs ${result.plan.approvalsRequired} approval(s): personapass approve ${result.plan.id}; then personapass deploy ${result.plan.id} --wait`);
}

/** One terminal line per step, wave, failure and rollout change; applied objects are counted per wave instead. */
function progressLine(event: StreamEvent): string | null {
  const p = event.payload;
  switch (event.type) {
    case 'run.started':
      return `started: ${p.objects} objects`;
    case 'run.resumed':
      return `resumed by ${p.worker} after its worker stopped: ${p.done} of ${p.objects} done, from ${p.from}`;
    case 'run.released':
      return `handed back by ${p.worker} (${p.reason}): queued for the next worker`;
    case 'rollout.retrying':
      return `rollout check: the cluster answered ${p.message}; asking again`;
    case 'step':
      return `step: ${p.step}`;
    case 'wave.started':
      return `wave ${p.wave}: ${p.objects} objects`;
    case 'wave.finished':
      return `wave ${p.wave}: done`;
    case 'object.failed':
      return `FAILED ${p.objectId}: ${p.message}`;
    case 'object.pruned':
      return `pruned ${p.objectId}`;
    case 'rollout.progress':
      return `rollout ${p.workload}: ${p.ready}/${p.wanted} ready, ${p.updated} updated${p.complete ? ' (complete)' : ''}`;
    default:
      return null;
  }
}

// The server checks everything (URL, address, events); the client only turns flags into the request.
async function webhooksCommand(verb: string | undefined, [environment, id]: string[], values: { name?: string; url?: string; format?: string; events?: string }): Promise<void> {
  if (!environment) throw new CliError(`webhooks ${verb ?? ''} needs an environment name\n${usage}`);
  const base = `/environments/${encodeURIComponent(environment)}/webhooks`;
  if (verb === 'list') {
    const page = await api('GET', base);
    return table(page.items.map((hook: any) => ({ ...hook, events: hook.events.join(',') || 'all' })), ['id', 'name', 'format', 'urlHint', 'events', 'createdBy', 'createdAt']);
  }
  if (verb === 'add') {
    const events = values.events?.split(',').map((e) => e.trim()).filter(Boolean);
    const hook = await api('POST', base, { body: { name: values.name, url: values.url, format: values.format, ...(events?.length ? { events } : {}) } });
    say(`webhook ${hook.id} "${hook.name}" added (${hook.format}, ${hook.events.join(', ') || 'every event'})`);
    return say(`signing secret (shown this once; receivers check X-PersonaPass-Signature with it): ${hook.secret}`);
  }
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) throw new CliError(`webhooks ${verb ?? ''} needs NAME ID (see personapass webhooks list NAME)`);
  switch (verb) {
    case 'test': {
      const delivery = await api('POST', `${base}/${id}/test`);
      return say(`test delivery ${delivery.id} queued; see: personapass webhooks deliveries ${environment} ${id}`);
    }
    case 'deliveries': {
      const page = await api('GET', `${base}/${id}/deliveries`);
      return table(page.items.map((d: any) => ({ ...d, lastStatusCode: d.lastStatusCode ?? '-', lastResponse: d.lastResponse ?? '' })), ['id', 'event', 'status', 'attempts', 'lastStatusCode', 'lastResponse', 'updatedAt']);
    }
    case 'delete':
      return say(`deleted webhook ${(await api('DELETE', `${base}/${id}`)).name} and its delivery log`);
    default:
      throw new CliError(`unknown command "webhooks ${verb ?? ''}"\n${usage}`);
  }
}

async function backupCommand(verb: string | undefined, values: { wait?: boolean; limit?: string }): Promise<void> {
  if (verb === 'list') {
    const list = await api('GET', `/backups?limit=${encodeURIComponent(values.limit ?? '50')}`);
    return table(list.items.map((item: any) => ({ ...item, size: item.sizeBytes ?? '', duration: item.durationMs === null ? '' : `${(item.durationMs / 1000).toFixed(1)}s` })), ['createdAt', 'status', 'trigger', 'size', 'duration', 'fileName', 'error']);
  }
  if (verb !== undefined) throw new CliError(`unknown backup command "${verb}"; backup [--wait] or backup list`);
  let backup = await api('POST', '/backups');
  say(`backup ${backup.id} queued (${backup.fileName})`);
  if (!values.wait) return;
  while (backup.status === 'queued' || backup.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    backup = (await api('GET', '/backups?limit=200')).items.find((item: any) => item.id === backup.id) ?? { ...backup, status: 'failed', error: 'no longer listed' };
  }
  if (backup.status !== 'verified') {
    process.exitCode = 1;
    return say(`backup ${backup.id} failed: ${backup.error}`);
  }
  say(`backup ${backup.id} verified: ${backup.sizeBytes} bytes in ${(backup.durationMs / 1000).toFixed(1)}s (${backup.fileName})`);
}

/** Emails are not unique: an address resolves only when exactly one person uses it. */
async function resolveUser(who: string): Promise<string> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(who)) return who;
  const page = await api('GET', `/users?limit=200&email=${encodeURIComponent(who)}`);
  if (page.items.length === 1) return page.items[0].id;
  if (page.items.length === 0) throw new CliError(`nobody signed in as ${who}`);
  throw new CliError(`${who} is used by ${page.items.length} people; name one by id:${page.items.map((user: any) => `\n  ${user.id}  ${user.subject}`).join('')}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const text = error instanceof CliError ? `personapass: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(terminalText(text, { multiline: true }));
  process.exit(1);
});
