import { z } from 'zod';
import { componentNames } from '@/lib/core/environments/environment-spec';

/** ?component= of the diagnosis and the support bundle: one of the platform's components, or all when left out. */
export const troubleshootQuery = z.strictObject({ component: z.enum(componentNames).optional() });
