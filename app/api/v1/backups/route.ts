import { findBackups } from '@/lib/server/backups/find-backups';
import { requestBackup } from '@/lib/server/backups/request-backup';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { pageQuery, readQuery } from '@/lib/server/http/query';

// The console's own database backups (admins). Restoring is not here: it replaces the database the
// console runs on, so it is an operator's command on the console's host (`personapass restore`).

export const GET = apiRoute(async ({ ctx, url }) => json(await findBackups(ctx, { limit: readQuery(url, pageQuery).limit })));

export const POST = apiRoute(async ({ ctx }) => json(await requestBackup(ctx), 202));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET, POST });
