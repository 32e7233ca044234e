// The browser's one way to call the console's REST API: same-origin cookies, JSON in and out, and
// the API's error envelope turned into an ApiError the forms can read field issues from.

export type ApiIssue = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get issues(): ApiIssue[] {
    const issues = (this.details as { issues?: unknown } | null | undefined)?.issues;
    return Array.isArray(issues) ? (issues as ApiIssue[]) : [];
  }
}

type RequestOptions = { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown; headers?: Record<string, string> };

export async function apiRequest<T>(url: string, { method = 'GET', body, headers = {} }: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The console could not be reached. Check your connection and try again.', null);
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'unknown',
      error?.message ?? (response.status === 401 ? 'Your session has ended. Sign in again.' : `The request failed (HTTP ${response.status}).`),
      error?.details,
    );
  }
  return payload as T;
}
