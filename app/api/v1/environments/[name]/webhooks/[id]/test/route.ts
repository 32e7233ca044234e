import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { sendTestNotification } from '@/lib/server/notifications/send-test-notification';
import { toDeliveryDto } from '@/lib/server/notifications/webhook-dto';
import { parseWebhookId } from '@/lib/server/notifications/webhook-id';

// 202: the test is queued; its outcome shows in the delivery log.
export const POST = apiRoute(async ({ ctx, params }) => json(toDeliveryDto(await sendTestNotification(ctx, params.name!, parseWebhookId(params.id))), 202));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ POST });
