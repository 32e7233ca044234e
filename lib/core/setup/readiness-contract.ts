import { z } from 'zod';
import { tiers } from '../environments/environment-spec';
import { readinessCheckIds } from './readiness';

// The readiness report as the API answers it: shared by the route's OpenAPI entry, the cluster
// page and the CLI (client-safe: zod only).

const status = z.enum(['pass', 'warn', 'fail']);

export const readinessCheckSchema = z.object({
  id: z.enum(readinessCheckIds),
  title: z.string(),
  status,
  summary: z.string().describe('What was found, in one line'),
  details: z.array(z.string()).describe('The particulars: each missing custom resource, right, namespace...'),
  remedy: z.string().nullable().describe('What to do about a warning or failure; null when the check passes'),
});

export const readinessReportSchema = z.object({
  cluster: z.string(),
  status: status.describe('The worst of the checks: any fail fails the report'),
  checkedAt: z.string().describe('ISO 8601'),
  environments: z.array(z.object({ name: z.string(), tier: z.enum(tiers), namespace: z.string(), namespaces: z.array(z.string()) })).describe("The environments whose head revision deploys to this cluster: their renders decide the rights and namespaces checked"),
  checks: z.array(readinessCheckSchema),
});

export type ReadinessReportDto = z.infer<typeof readinessReportSchema>;
