import { exportConfigurationBackup } from '@/lib/server/backups/export-configuration-backup';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

export const GET = apiRoute(async ({ ctx, params }) => json(await exportConfigurationBackup(ctx, params.name!)));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
