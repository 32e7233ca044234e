import { z } from 'zod';
import { parseOrThrow } from '@/lib/core/zod-issues';

export const parseWebhookId = (id: string | undefined) => parseOrThrow(z.uuid(), id, 'the webhook id');
