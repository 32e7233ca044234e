import { z } from 'zod';

export const planId = z.uuid({ error: 'must be a plan id (UUID)' });
