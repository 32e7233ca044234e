import type { ComponentName } from '../environments/environment-spec';
import { chartComponent, metricRange, type MetricRange } from './metric-charts';

type SearchValue = string | string[] | undefined;

// A page's URL is anyone's to edit or pass on: a range or component the page does not know falls
// back to the default (every component over the last hour), which the page then names, rather than
// failing the page. Next gives a repeated parameter as an array; the first counts, as
// URLSearchParams.get reads it. The API refuses the same values (readQuery): it has a caller to tell.
const first = (value: SearchValue) => (Array.isArray(value) ? value[0] : value);

/** The monitoring and component pages' `range` and `component` URL parameters, never throwing. */
export function readObservabilityQuery(search: { range?: SearchValue; component?: SearchValue }): { range: MetricRange; component: ComponentName | undefined } {
  return {
    range: metricRange.catch('1h').parse(first(search.range)),
    component: chartComponent.optional().catch(undefined).parse(first(search.component)),
  };
}
