import { contentHash } from '@/lib/core/hash';
import type { ToolRunner } from '@/manifests/validate/tool-runner';

/**
 * promtool and amtool answer the same for the same files, and `promtool test rules` over the
 * platform's alerts takes seconds: a plan of a revision whose rules did not change (a re-plan, an
 * image change) reuses the answer. Keyed by the tool, its arguments and the files' content; the
 * most recently used `capacity` answers are kept; a tool that could not run is not remembered.
 */
export function cachingToolRunner(run: ToolRunner, capacity = 64): ToolRunner {
  const answers = new Map<string, ReturnType<ToolRunner>>();
  return (tool, args, files) => {
    const key = contentHash({ tool, args, files });
    const known = answers.get(key);
    answers.delete(key);
    const answer = known ?? run(tool, args, files);
    answers.set(key, answer);
    if (!known) answer.catch(() => answers.delete(key));
    while (answers.size > capacity) answers.delete(answers.keys().next().value!);
    return answer;
  };
}
