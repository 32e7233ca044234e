// Runs once when the server boots: a bad setting stops start-up here, naming the setting.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigurationAtBoot } = await import('./lib/server/check-configuration-at-boot');
    checkConfigurationAtBoot();
  }
}
