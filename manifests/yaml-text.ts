import { Document, visit } from 'yaml';

const stringTag = 'tag:yaml.org,2002:str';

// The patterns by which a YAML 1.1 reader (go-yaml v2 under sigs.k8s.io/yaml, which kubectl, Argo CD
// and Flux use; PyYAML) or a YAML 1.2 reader resolves a plain scalar to another type: booleans such
// as yes/no/on/off/y/n, nulls (~), ints (012 is octal in 1.1, 0o12 in 1.2, 0x1F, 1_000, 190:20:30),
// floats (1e3, .inf), timestamps and the merge key `<<`. Taken from the `yaml` package's own schemas.
const implicitTypes = (['1.1', '1.2'] as const)
  .flatMap((version) => new Document(null, { version }).schema.tags)
  .flatMap((tag) => (tag.default && tag.tag !== stringTag && 'test' in tag && tag.test ? [tag.test] : []));

// go-yaml v2 (resolve.go) reads a plain scalar that starts with a digit or a sign as a number when,
// with every "_" removed wherever it stands, Go's strconv.ParseInt/ParseUint(s, 0, 64) accepts it
// (0x1F, 0X1F, 0o17, 0O17, 0b1, 017, with a sign) or it matches go-yaml's float pattern and
// ParseFloat accepts it: so 1e_3, 1e3_, +_1 and -_0x1 are numbers there, though no YAML 1.1 pattern
// says so. One starting with "." is a number when ParseFloat takes it as written (.5, .5e3).
// Over-quoting (an integer out of range, 0b12) costs nothing; under-quoting changes a type.
const goSignedOrDigit = /^[-+0-9]/;
const goInteger = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|[0-9]+)$/;
const goYamlFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const goDotFloat = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

/** Whether go-yaml v2 (sigs.k8s.io/yaml: kubectl, Argo CD, Flux) reads this plain scalar as a number. */
function goYamlV2Number(value: string): boolean {
  if (goDotFloat.test(value)) return true;
  if (!goSignedOrDigit.test(value)) return false;
  const plain = value.replaceAll('_', '');
  return goInteger.test(plain) || goYamlFloat.test(plain);
}

/** Whether a YAML 1.1 or 1.2 reader (or go-yaml v2) would take this string, written plain, for something else. */
export function readsAsAnotherType(value: string): boolean {
  return goYamlV2Number(value) || implicitTypes.some((test) => test.test(value));
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

/** readsAsAnotherType as regular expressions in the syntax JavaScript and Go (RE2) share, for the
 *  Helm export's template helper: a value is quoted when it matches `plain`, or when it starts with
 *  a sign or digit (`numberStart`) and, without its underscores, matches `numberWithoutUnderscores`. */
export const anotherTypePatterns = {
  plain: [goDotFloat, ...implicitTypes].map((test) => `(?:${test.source})`).join('|'),
  numberStart: goSignedOrDigit.source,
  numberWithoutUnderscores: [goInteger, goYamlFloat].map((test) => `(?:${test.source})`).join('|'),
};
