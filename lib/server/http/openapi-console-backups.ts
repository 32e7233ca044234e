import { z } from 'zod';
import { backupDtoSchema, backupListSchema } from '@/lib/core/backups/backup-contract';

// The backups part of the OpenAPI document; openapi-document.ts merges it.

const errorRefs = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));
const jsonOf = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const output = (value: z.ZodType) => z.toJSONSchema(value, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' });

export const consoleBackupPaths = {
  '/backups': {
    get: {
      summary: "The console's database backups, newest first, with size, duration and verification status, and the schedule (admin); 503 when backups are not configured",
      parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } }],
      responses: { 200: jsonOf('Backups', { $ref: '#/components/schemas/BackupList' }), ...errorRefs(400, 401, 403, 503) },
    },
    post: {
      summary: 'Back up the console’s database now (admin): queued for a worker, which dumps, encrypts, writes, then re-reads and verifies the file. Restoring is `personapass restore FILE` on the console’s host, never an API call',
      responses: { 202: jsonOf('The queued backup', { $ref: '#/components/schemas/Backup' }), ...errorRefs(401, 403, 503) },
    },
  },
};

export const consoleBackupSchemas = { Backup: output(backupDtoSchema), BackupList: output(backupListSchema) };
