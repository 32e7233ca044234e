// How long a deploy of one environment waits for its rollouts: the console's default
// (DEPLOY_ROLLOUT_TIMEOUT_SECONDS) unless DEPLOY_ROLLOUT_TIMEOUTS names the environment (a large
// production platform takes longer to roll out than a development one).

export type RolloutTimeouts = { rolloutTimeoutSeconds: number; rolloutTimeouts?: Record<string, number> };

export function rolloutTimeoutSeconds(settings: RolloutTimeouts, environment: string): number {
  // Own entries only: an environment may be named "constructor".
  return settings.rolloutTimeouts && Object.hasOwn(settings.rolloutTimeouts, environment) ? settings.rolloutTimeouts[environment]! : settings.rolloutTimeoutSeconds;
}
