import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { PlainObject } from '@/manifests/console/render-console';

/** The console's identity and rights as the testbed and a real cluster install them: the render
 *  of the console carries this file's objects as they are, so they are written once. */
export const consoleRbacFile = path.resolve(import.meta.dirname, '../stack/manifests/console-rbac.yaml');

export function consoleRbacObjects(file = consoleRbacFile): PlainObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as PlainObject | null)
    .filter((object): object is PlainObject => object !== null);
}
