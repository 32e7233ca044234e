import type { z } from 'zod';
import { InvalidInput, PayloadTooLarge, UnsupportedMediaType } from '@/lib/core/errors';
import { parseOrThrow } from '@/lib/core/zod-issues';

export const maxBodyBytes = 1024 * 1024;

/** Reads at most 1 MB of JSON, refusing other media types, then validates it with `schema`. */
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new UnsupportedMediaType('send the body as application/json');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBodyBytes) throw new PayloadTooLarge('the body is larger than 1 MB');
  const text = await readLimited(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInput('the body is not valid JSON', [{ path: '(root)', message: 'malformed JSON' }]);
  }
  return parseOrThrow(schema, value, 'the request body');
}

// Counts bytes as they arrive, so a body without (or lying in) Content-Length is still capped.
async function readLimited(request: Request): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBodyBytes) {
      await reader.cancel();
      throw new PayloadTooLarge('the body is larger than 1 MB');
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
