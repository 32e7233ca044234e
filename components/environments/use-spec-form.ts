'use client';

import { useCallback, useMemo, useState } from 'react';
import type { FormBinding } from './form-binding';
import { validateValues, type FieldErrors, type FormValues } from './form-values';

/**
 * The spec form's state. Client errors appear as soon as a field is changed or left, and all of
 * them after a save attempt; server errors stay on their field until it is edited again.
 */
export function useSpecForm(initial: FormValues, options: { readOnlyKeys?: string[]; deriveNamespace?: boolean } = {}) {
  const [values, setValues] = useState<FormValues>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [dirty, setDirty] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});

  const validation = useMemo(() => validateValues(values), [values]);

  const set = useCallback(
    (key: string, value: string | boolean) => {
      setDirty(true);
      setValues((current) => {
        const next = { ...current, [key]: value };
        // A new environment's namespace follows its name until someone edits the namespace.
        if (options.deriveNamespace && key === 'name' && !touched.has('namespace') && typeof value === 'string') {
          next.namespace = value ? `personapass-${value}` : '';
        }
        return next;
      });
      setTouched((current) => (current.has(key) ? current : new Set(current).add(key)));
      setServerErrors((current) => {
        if (!(key in current)) return current;
        const { [key]: _cleared, ...rest } = current;
        return rest;
      });
    },
    [options.deriveNamespace, touched],
  );

  const edit = useCallback((prefix: string, change: (current: FormValues) => FormValues) => {
    setDirty(true);
    setValues(change);
    setServerErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== prefix && !key.startsWith(`${prefix}.`))));
  }, []);

  const touch = useCallback((key: string) => setTouched((current) => (current.has(key) ? current : new Set(current).add(key))), []);

  const visibleClientError = useCallback(
    (key: string): string | undefined => {
      const message = validation.errors[key];
      if (!message) return undefined;
      // An untouched empty field (the name of a new environment) is not an error yet.
      if (submitted || touched.has(key) || (dirty && values[key] !== '')) return message;
      return undefined;
    },
    [validation.errors, submitted, touched, dirty, values],
  );

  const readOnlyKeys = options.readOnlyKeys;
  const binding: FormBinding = useMemo(
    () => ({
      text: (key) => (typeof values[key] === 'string' ? (values[key] as string) : ''),
      checked: (key) => values[key] === true,
      has: (key) => key in values,
      set,
      edit,
      touch,
      error: (key) => visibleClientError(key) ?? serverErrors[key],
      readOnly: (key) => readOnlyKeys?.includes(key) ?? false,
    }),
    [values, set, edit, touch, visibleClientError, serverErrors, readOnlyKeys],
  );

  const reset = useCallback((next: FormValues) => {
    setValues(next);
    setTouched(new Set());
    setDirty(false);
    setSubmitted(false);
    setServerErrors({});
  }, []);

  return { values, binding, validation, submitted, setSubmitted, serverErrors, setServerErrors, reset };
}
