import type { ChangeEvent } from 'react';
import { fieldId, type FormValues } from './form-values';
import { labelForField } from './field-labels';

/** What a form section needs from the spec form's state: read, write, mark touched, show errors. */
export type FormBinding = {
  text(key: string): string;
  /** Whether the form holds a value under `key` (list rows are counted this way). */
  has(key: string): boolean;
  checked(key: string): boolean;
  set(key: string, value: string | boolean): void;
  /** Rewrites several values at once (adding or removing list rows) without marking any touched;
   *  server errors under `prefix` are dropped, since the rows they named may have moved. */
  edit(prefix: string, change: (values: FormValues) => FormValues): void;
  touch(key: string): void;
  error(key: string): string | undefined;
  readOnly?: (key: string) => boolean;
};

/** Props for a TextField bound to a field key. */
export function bindText(form: FormBinding, key: string, label = labelForField(key)) {
  return {
    id: fieldId(key),
    name: key,
    label,
    value: form.text(key),
    error: form.error(key),
    readOnly: form.readOnly?.(key),
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => form.set(key, event.target.value),
    onBlur: () => form.touch(key),
  };
}

/** Props for a CheckboxField bound to a field key. */
export function bindCheckbox(form: FormBinding, key: string, label = labelForField(key)) {
  return {
    id: fieldId(key),
    name: key,
    label,
    checked: form.checked(key),
    error: form.error(key),
    onChange: (event: ChangeEvent<HTMLInputElement>) => form.set(key, event.target.checked),
    onBlur: () => form.touch(key),
  };
}
