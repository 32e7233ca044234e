import { z } from 'zod';
import { backupStatusSchema } from '@/lib/core/backups/backup-status';
import { configurationBackupSchema } from '@/lib/core/backups/configuration-backup';
import { restoreEnvironmentBody } from '../backups/backup-input';

// The backup part of the OpenAPI document; openapi-document.ts merges it.

const errorRefs = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const jsonOf = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const input = (value: z.ZodType) => z.toJSONSchema(value, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
const output = (value: z.ZodType) => z.toJSONSchema(value, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' });

export const backupPaths = {
  '/environments/{name}/backups': {
    get: {
      summary:
        "The environment's last successful Velero backup (a Completed Backup of its Schedule personapass-{name} in the cluster's velero namespace, read through the cluster) against its RPO (production 15 minutes, others 24 hours): state ok, stale (older, or none; with the warning) or unknown (Velero's Backups cannot be read, and why), and the newest failed backup after it",
      parameters: [nameParam],
      responses: { 200: jsonOf('The backup status', ref('BackupStatus')), ...errorRefs(401, 404) },
    },
  },
  '/environments/{name}/configuration-backup': {
    get: {
      summary:
        "The environment's configuration backup as a Git-ready folder (files by relative path): personapass-backup.json, spec.json (the head), rendered/ (its YAML by kind), revisions/<n>/ (each deployed revision: spec, runs with who, when and which objects, the objects sent) and inventory.json. Secrets are left out and listed; no cluster credential is in it. `personapass export ENV --out DIR` writes it",
      parameters: [nameParam],
      responses: { 200: jsonOf('The backup folder', ref('ConfigurationBackup')), ...errorRefs(401, 404) },
    },
  },
  '/environments/{name}/restore': {
    post: {
      summary:
        'Create environment {name} from a configuration backup (its personapass-backup.json as manifest and spec.json as spec), optionally in another namespace set or cluster; then plan and deploy it as any other. The rules of a clone apply (a production copy stays protected; the same validation as a new spec)',
      parameters: [nameParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('RestoreEnvironment') } } },
      responses: { 201: jsonOf('The first revision', ref('Revision')), ...errorRefs(400, 401, 403, 404, 409, 413, 415) },
    },
  },
};

export const backupSchemas = {
  BackupStatus: output(backupStatusSchema),
  ConfigurationBackup: output(configurationBackupSchema),
  RestoreEnvironment: input(restoreEnvironmentBody),
};
