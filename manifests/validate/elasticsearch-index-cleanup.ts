import { containersOf, podTemplates } from './pod-templates';
import { idOf, type PolicyCheck, type Problem } from './problem';

type Env = { name: string; value?: string }[] | undefined;
const envValue = (env: Env, name: string) => env?.find((e) => e.name === name)?.value;

/** Jaeger writes a new Elasticsearch index a day and never deletes one: every index prefix it writes
 *  needs an index cleaner, or the cluster fills up. */
export const checkElasticsearchIndexCleanup: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  const templates = podTemplates(objects);
  const cleaned = new Set(
    // The cleaner's prefix is INDEX_PREFIX (its --index-prefix flag); it ignores ES_INDEX_PREFIX.
    templates.flatMap((t) => containersOf(t).filter(({ container }) => /\/jaeger-es-index-cleaner[:@]/.test(container.image ?? '')).map(({ container }) => `${t.workload.metadata.namespace}/${envValue(container.env, 'INDEX_PREFIX') ?? ''}`)),
  );
  for (const template of templates) {
    for (const { container, path } of containersOf(template)) {
      if (envValue(container.env, 'SPAN_STORAGE_TYPE') !== 'elasticsearch') continue;
      const prefix = envValue(container.env, 'ES_INDEX_PREFIX') ?? '';
      if (cleaned.has(`${template.workload.metadata.namespace}/${prefix}`)) continue;
      problems.push({
        object: idOf(template.workload),
        path: `${path}.env`,
        message: `Jaeger's Elasticsearch indices ${prefix ? `${prefix}-` : ''}jaeger-* are never deleted: no jaeger-es-index-cleaner CronJob in this namespace cleans that prefix`,
        check: 'elasticsearch-index-cleanup',
      });
    }
  }
  return problems;
};
