/** The additional data a webhook's sealed secret is bound to: a ciphertext moved to another webhook does not open. */
export const webhookSecretBinding = (webhookId: string) => `webhook:${webhookId}`;
