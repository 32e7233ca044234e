import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi-document';

// CONTRIBUTING's "add the operation to the OpenAPI document" checked: every method a route file
// under app/api/v1 exports is an operation of the document, with its path parameters, and the
// document describes no operation that is not there.

const apiDir = path.resolve('app/api/v1');

function routeOperations(): string[] {
  const files = readdirSync(apiDir, { recursive: true, encoding: 'utf8' }).filter((file) => /(^|\/)route\.ts$/.test(file));
  return files.flatMap((file) => {
    const source = readFileSync(path.join(apiDir, file), 'utf8');
    // `export const GET = ...` and `export function GET`; the 405 handlers of otherMethodsNotAllowed are destructured, not declared.
    const methods = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1]!);
    const routePath = `/${path.dirname(file)}`.replace(/\/\.$/, '').replace(/\[([^\]]+)\]/g, '{$1}');
    return methods.map((method) => `${method} ${routePath}`);
  });
}

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument();
  const paths = document.paths as Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;

  it('has an operation for every route method under /api/v1 and none without one', () => {
    const described = Object.entries(paths).flatMap(([routePath, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${routePath}`));
    const routes = routeOperations().filter((operation) => operation !== 'GET /openapi.json');
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((operation) => !described.includes(operation))).toEqual([]);
    expect(described.filter((operation) => !routes.includes(operation))).toEqual([]);
  });

  it('declares each path parameter of each operation', () => {
    const missing: string[] = [];
    for (const [routePath, operations] of Object.entries(paths)) {
      const names = [...routePath.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
      for (const [method, operation] of Object.entries(operations)) {
        const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
        for (const name of names) if (!declared.includes(name)) missing.push(`${method.toUpperCase()} ${routePath}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
