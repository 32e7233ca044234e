import { InvalidInput } from '../errors';

/** A backup file that must not be restored (not a backup, other key, altered, truncated). */
export class BackupRefused extends InvalidInput {
  constructor(reason: string) {
    super(`backup refused: ${reason}`);
  }
}
