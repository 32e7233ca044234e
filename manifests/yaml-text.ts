import { Document, visit } from 'yaml';

const stringTag = 'tag:yaml.org,2002:str';

// The patterns by which a YAML 1.1 reader (go-yaml v2 under sigs.k8s.io/yaml, which kubectl, Argo CD
// and Flux use; PyYAML) or a YAML 1.2 reader resolves a plain scalar to another type: booleans such
// as yes/no/on/off/y/n, nulls (~), ints (012 is octal in 1.1, 0o12 in 1.2, 0x1F, 1_000, 190:20:30),
// floats (1e3, .inf), timestamps and the merge key `<<`. Taken from the `yaml` package's own schemas.
const implicitTypes = (['1.1', '1.2'] as const)
  .flatMap((version) => new Document(null, { version }).schema.tags)
  .flatMap((tag) => (tag.default && tag.tag !== stringTag && 'test' in tag && tag.test ? [tag.test] : []));

// Go's strconv.ParseInt(s, 0, 64), which go-yaml v2 tries on plain scalars, also reads 0X1F, 0O17 and 0B1.
const goInteger = /^[-+]?0[xXoObB][0-9a-fA-F_]+$/;

/** The same test as one regular expression in the syntax JavaScript and Go (RE2) share: the Helm
 *  export's template helper quotes a value exactly when readsAsAnotherType would. */
export const anotherTypePattern = [goInteger, ...implicitTypes].map((test) => `(?:${test.source})`).join('|');

/** Whether a YAML 1.1 or 1.2 reader would take this string, written plain, for something else. */
export function readsAsAnotherType(value: string): boolean {
  return goInteger.test(value) || implicitTypes.some((test) => test.test(value));
}

/**
 * YAML text of plain data that every reader reads back the same: strings that a YAML 1.1 or 1.2
 * reader would take for a boolean, number, null or timestamp are double-quoted, keys included (the
 * `yaml` package alone quotes only what its own YAML 1.2 would misread, so `- yes` stayed plain).
 */
export function toYaml(value: unknown): string {
  const document = new Document(value);
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && readsAsAnotherType(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString({ lineWidth: 0 });
}
