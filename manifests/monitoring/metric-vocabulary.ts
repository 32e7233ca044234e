/** The metric names the platform may query (DESIGN.md, "Metric vocabulary"): what a real cluster
 *  exposes and the local stack's traffic generator imitates. Alerts and dashboards use only these. */
export const metricVocabulary = [
  'istio_requests_total',
  'istio_request_duration_milliseconds_bucket',
  'kube_deployment_spec_replicas',
  'kube_deployment_status_replicas_available',
  'kube_pod_container_status_restarts_total',
  'kube_pod_container_resource_limits',
  'kube_pod_container_resource_requests',
  'kube_pod_info',
  'kube_horizontalpodautoscaler_status_desired_replicas',
  'kube_node_status_condition',
  // The Jaeger index cleaner's CronJob: when it last succeeded, and since when it exists.
  'kube_cronjob_status_last_successful_time',
  'kube_cronjob_created',
  'container_cpu_usage_seconds_total',
  'container_memory_working_set_bytes',
  'keda_scaler_metrics_value',
  'keda_scaler_active',
  'redis_key_size',
  // Velero: per Schedule, when its last backup completed successfully (unix seconds).
  'velero_backup_last_successful_timestamp',
  // node-exporter: the nodes' CPU, memory and pressure stall information (PSI).
  'node_cpu_seconds_total',
  'node_memory_MemAvailable_bytes',
  'node_memory_MemTotal_bytes',
  'node_pressure_cpu_waiting_seconds_total',
  'node_pressure_memory_waiting_seconds_total',
  'node_pressure_io_waiting_seconds_total',
  // Prometheus about its targets, itself and Alertmanager about itself: the monitoring's own health.
  'up',
  'prometheus_rule_evaluation_failures_total',
  'prometheus_notifications_alertmanagers_discovered',
  'prometheus_notifications_errors_total',
  'prometheus_notifications_sent_total',
  'prometheus_config_last_reload_successful',
  'alertmanager_notifications_failed_total',
  'alertmanager_config_last_reload_successful',
] as const;

const functionsAndKeywords = new Set([
  'sum', 'rate', 'irate', 'increase', 'histogram_quantile', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right',
  'and', 'or', 'unless', 'absent', 'max', 'min', 'avg', 'count', 'deriv', 'clamp_min', 'clamp_max', 'topk', 'bool', 'offset',
  'max_over_time', 'min_over_time', 'avg_over_time', 'vector', 'scalar', 'time', 'label_replace', 'sort_desc', 'changes', 'le',
]);

/** Metric names referenced by a PromQL expression (identifiers outside label matchers and strings). */
export function metricNamesIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const withoutMatchers = withoutStrings.replace(/\{[^}]*\}/g, '{}').replace(/\[[^\]]*\]/g, '[]');
  const withoutGrouping = withoutMatchers.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = withoutGrouping.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [...new Set(names.filter((n) => !functionsAndKeywords.has(n) && !/^(e|inf|nan)$/i.test(n)))];
}

export function unknownMetrics(expr: string): string[] {
  const known = new Set<string>(metricVocabulary);
  return metricNamesIn(expr).filter((name) => !known.has(name));
}
