import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';

// Guards against drift between schema.prisma (the model) and the SQL migrations (what runs):
// every model, field, type, nullability, unique constraint and enum value must agree.

type Field = { column: string; type: string; optional: boolean; list: boolean; dbType?: string; unique: boolean };
type Model = { table: string; fields: Field[]; compoundUniques: string[][] };

function parseSchema(text: string) {
  const enums = new Map<string, string[]>();
  for (const match of text.matchAll(/^enum (\w+) \{([^}]*)\}/gm)) {
    enums.set(match[1]!, match[2]!.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('//')));
  }
  const blocks = [...text.matchAll(/^model (\w+) \{([^}]*)\}/gm)];
  const modelNames = new Set(blocks.map((block) => block[1]!));
  const models = new Map<string, Model>();
  for (const [, name, body] of blocks) {
    const lines = body!.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('//'));
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? name!;
    const fields: Field[] = [];
    for (const line of lines.filter((l) => !l.startsWith('@@'))) {
      const [fieldName, rawType] = line.split(/\s+/);
      const type = rawType!.replace(/[?[\]]/g, '');
      if (modelNames.has(type)) continue; // relation field, no column
      fields.push({
        column: /@map\("([^"]+)"\)/.exec(line)?.[1] ?? fieldName!,
        type,
        optional: rawType!.endsWith('?'),
        list: rawType!.endsWith('[]'),
        dbType: /@db\.(\w+)/.exec(line)?.[1],
        unique: /@unique\b/.test(line) || /@id\b/.test(line),
      });
    }
    const columnOf = (field: string) => fields.find((f) => f.column === field || lines.some((l) => l.startsWith(`${field} `) && l.includes(`@map("${f.column}")`)))?.column ?? field;
    const compoundUniques = [...body!.matchAll(/@@(?:unique|id)\(\[([^\]]+)\]/g)].map((m) => m[1]!.split(',').map((f) => columnOf(f.trim())));
    models.set(name!, { table, fields, compoundUniques });
  }
  return { enums, models };
}

function expectedSqlType(field: Field, enums: Map<string, string[]>): string {
  // A scalar list (String[]) is a Postgres array: its udt_name is the element type's with a leading _.
  if (field.list) return `_${expectedSqlType({ ...field, list: false }, enums)}`;
  if (enums.has(field.type)) return field.type;
  if (field.dbType === 'Uuid') return 'uuid';
  if (field.dbType === 'Timestamptz') return 'timestamptz';
  return { String: 'text', Int: 'int4', BigInt: 'int8', Json: 'jsonb', Bytes: 'bytea', DateTime: 'timestamp', Boolean: 'bool' }[field.type] ?? field.type;
}

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('migrationDatabaseUrl') });
  await client.connect();
});
afterAll(() => client.end());

describe('migrated database versus schema.prisma', () => {
  const schema = parseSchema(readFileSync(path.resolve('prisma/schema.prisma'), 'utf8'));

  it('has exactly the tables of the models (plus the migration ledger)', async () => {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    const expected = [...schema.models.values()].map((model) => model.table).concat('_prisma_migrations').sort();
    expect(rows.map((row) => row.table_name).sort()).toEqual(expected);
  });

  it('has every field as a column of the same type and nullability, and no other columns', async () => {
    for (const model of schema.models.values()) {
      const { rows } = await client.query<{ column_name: string; udt_name: string; is_nullable: string }>(
        "SELECT column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        [model.table],
      );
      const actual = Object.fromEntries(rows.map((row) => [row.column_name, { type: row.udt_name, nullable: row.is_nullable === 'YES' }]));
      const expected = Object.fromEntries(
        model.fields.map((field) => [field.column, { type: expectedSqlType(field, schema.enums), nullable: field.optional }]),
      );
      expect({ table: model.table, columns: actual }).toEqual({ table: model.table, columns: expected });
    }
  });

  it('enforces every @unique and @@unique with a unique index', async () => {
    for (const model of schema.models.values()) {
      const { rows } = await client.query<{ columns: string[] }>(
        `SELECT array_agg(a.attname ORDER BY k.ord)::text[] AS columns
           FROM pg_index i
           JOIN pg_class t ON t.oid = i.indrelid
           CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
          -- Partial unique indexes (one active deploy run per environment) are SQL-only: Prisma cannot express them.
          WHERE t.relname = $1 AND i.indisunique AND i.indpred IS NULL
          GROUP BY i.indexrelid`,
        [model.table],
      );
      const actual = rows.map((row) => row.columns.join(',')).sort();
      const expected = [...model.fields.filter((f) => f.unique).map((f) => f.column), ...model.compoundUniques.map((c) => c.join(','))].sort();
      expect({ table: model.table, unique: actual }).toEqual({ table: model.table, unique: expected });
    }
  });

  it('has the enum values of the schema', async () => {
    for (const [name, values] of schema.enums) {
      const { rows } = await client.query<{ label: string }>(
        'SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder',
        [name],
      );
      expect(rows.map((row) => row.label)).toEqual(values);
    }
  });
});
