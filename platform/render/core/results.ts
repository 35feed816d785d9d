/**
 * Function results as Crossplane reports them (`fnv1.Result`): a severity, a message and the pipeline
 * step that produced it. Fatal results stop the pipeline; warnings are printed and rendering goes on.
 */
export type Severity = 'Fatal' | 'Warning' | 'Normal';

/** One result of one pipeline step. */
export interface Result {
  readonly severity: Severity;
  readonly message: string;
  /** The pipeline step (Composition `pipeline[].step`) that returned it. */
  readonly step?: string;
  /** The renderer's own help, never part of the function's message (e.g. the field probably meant). */
  readonly hint?: string;
}

/** `response.Fatal`. */
export function fatal(message: string, step?: string): Result {
  return step === undefined ? { severity: 'Fatal', message } : { severity: 'Fatal', message, step };
}

/** `response.Warning`. */
export function warning(message: string, step?: string): Result {
  return step === undefined ? { severity: 'Warning', message } : { severity: 'Warning', message, step };
}

/** The same result with the renderer's help attached. */
export function withHint(r: Result, hint: string): Result {
  return { ...r, hint };
}

/** For standard error: `[Warning] step "patch-and-transform": message`, and a hint line if any. */
export function formatResult(r: Result): string {
  const line = `[${r.severity}]${r.step ? ` step ${JSON.stringify(r.step)}:` : ''} ${r.message}`;
  return r.hint ? `${line}\n  hint: ${r.hint}` : line;
}
