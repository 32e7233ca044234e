import { describeNeed, rulesAllow, type AccessNeed, type RulesReview } from './console-rights';
import { pass, type ReadinessCheck, type Reading } from './readiness';

const title = "The console's rights";
const remedy =
  "as the cluster's administrator, apply scripts/stack/manifests/console-rbac.yaml, and console-environment.yaml once per environment with its name and namespace (scripts/stack/manifests/README.md, \"Installing on a real cluster\"; `personapass setup CLUSTER --install` prints the commands)";

/** Missing rights of one kind in one place, with the names they are needed for, on one line. */
function grouped(needs: AccessNeed[]): string[] {
  const lines = new Map<string, { need: AccessNeed; names: string[]; whys: Set<string> }>();
  for (const need of needs) {
    const key = `${need.namespace}|${need.verb}|${need.group}|${need.resource}`;
    const line = lines.get(key) ?? { need, names: [], whys: new Set<string>() };
    if (need.name) line.names.push(need.name);
    line.whys.add(need.why.split(':')[0]!);
    lines.set(key, line);
  }
  return [...lines.values()].map(({ need, names, whys }) => `${describeNeed({ ...need, name: names.length ? names.join(', ') : undefined })} (${[...whys].join('; ')})`);
}

/** `reviews`: the console's SelfSubjectRulesReview per namespace it was asked in. */
export function checkConsoleRights(needs: AccessNeed[], reviews: Map<string, Reading<RulesReview>>, environments: number): ReadinessCheck {
  const id = 'console-rights';
  const missing: AccessNeed[] = [];
  const unread = new Map<string, string>();
  const incomplete = new Set<string>();
  for (const need of needs) {
    const review = reviews.get(need.reviewIn);
    if (!review || !review.ok) {
      unread.set(need.reviewIn, review && !review.ok ? review.error : 'not asked');
      continue;
    }
    if (rulesAllow(review.value.rules, need)) continue;
    missing.push(need);
    if (review.value.incomplete) incomplete.add(need.reviewIn);
  }
  const scope = environments === 0 ? 'no environment deploys to this cluster yet: only its cluster-wide rights were checked' : `${needs.length} rights for ${environments} environment${environments === 1 ? '' : 's'}`;
  const unreadLines = [...unread.entries()].map(([namespace, error]) => `could not review the rules in ${namespace}: ${error}`);
  if (missing.length === 0 && unread.size === 0) return pass(id, title, `the console holds every right a deploy needs (${scope})`);
  if (missing.length === 0) return { id, title, status: 'fail', summary: `could not review the console's rules in ${[...unread.keys()].join(', ')}`, details: unreadLines, remedy: 'make the API server reachable, then check again' };
  const details = [...grouped(missing), ...unreadLines];
  // An authorizer that cannot list its rules (a webhook) may still allow what the review leaves out.
  if (missing.every((need) => incomplete.has(need.reviewIn)) && unread.size === 0) {
    return {
      id,
      title,
      status: 'warn',
      summary: `the cluster's authorizer could not list all of the console's rules, and ${missing.length} needed right${missing.length === 1 ? ' is' : 's are'} not among those it listed`,
      details,
      remedy: `check each with kubectl auth can-i --as=system:serviceaccount:personapass-system:personapass-console; if refused, ${remedy}`,
    };
  }
  return { id, title, status: 'fail', summary: `the console lacks ${missing.length} right${missing.length === 1 ? '' : 's'} a deploy needs (${scope})`, details, remedy };
}
