import { ConfigurationError, getEnv } from '@/lib/env';

/** Stops the server at boot when a setting is missing or malformed, naming it. */
export function checkConfigurationAtBoot(): void {
  try {
    getEnv();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(`PersonaPass Console cannot start. ${error.message}`);
    process.exit(1);
  }
}
