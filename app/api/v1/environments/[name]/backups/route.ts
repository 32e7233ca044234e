import { getBackupStatus } from '@/lib/server/backups/read-backup-status';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

export const GET = apiRoute(async ({ ctx, params }) => json(await getBackupStatus(ctx, params.name!)));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
