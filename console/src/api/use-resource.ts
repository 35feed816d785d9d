import { useCallback, useEffect, useState } from 'react';
import { describeFailure } from './failure.js';

/** A value loaded from the API: the value, the failure message, and a reload. */
export interface Resource<T> {
  readonly value: T | undefined;
  readonly error: string | undefined;
  readonly isLoading: boolean;
  reload(): Promise<void>;
}

/**
 * Loads `load()` when `key` changes and on `reload()`; a stale answer (the key moved on) is dropped.
 *
 * @example const draft = useResource(() => api.getDraft(id), id);
 */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<{ key: string; value?: T; error?: string; isLoading: boolean }>({
    key,
    isLoading: true,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` is a new closure each render; `key` says when it changes meaning
  const reload = useCallback(async () => {
    setState((s) => ({ ...s, key, isLoading: true }));
    try {
      const value = await load();
      setState((s) => (s.key === key ? { key, value, isLoading: false } : s));
    } catch (error) {
      setState((s) =>
        s.key === key ? { key, value: s.value, error: describeFailure(error), isLoading: false } : s,
      );
    }
  }, [key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return {
    value: state.key === key ? state.value : undefined,
    error: state.key === key ? state.error : undefined,
    isLoading: state.isLoading,
    reload,
  };
}
