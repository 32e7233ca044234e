// Runs once when the server boots: a bad setting stops start-up here, naming the setting; then the
// background re-check of users' roles with the identity provider starts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigurationAtBoot } = await import('./lib/server/check-configuration-at-boot');
    checkConfigurationAtBoot();
    const { startBackgroundWork } = await import('./lib/server/start-background-work');
    startBackgroundWork();
  }
}
