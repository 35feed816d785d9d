import type { CelRule, Field, TypeOf } from './fields.js';

/** One `additionalPrinterColumns` entry of the XRD version. */
export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly jsonPath: string;
  readonly description?: string;
  readonly priority?: number;
}

/** What `defineApi` takes: the names of the kind and its schema. */
export interface ApiInput<S extends Field, T extends Field> {
  /** Kind, PascalCase, e.g. `WebService`. */
  readonly kind: string;
  /** Lowercase plural, e.g. `webservices`. */
  readonly plural: string;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** One paragraph on what the API gives its user. */
  readonly description: string;
  /** The `spec` object. */
  readonly spec: S;
  /** The `status` object (written by the composition). */
  readonly status: T;
  readonly printerColumns?: readonly PrinterColumn[];
}

/** A declared API: the single typed source of an XRD, its JSON Schema, docs and TypeScript spec type. */
export interface ApiDefinition<S extends Field = Field, T extends Field = Field> extends ApiInput<S, T> {
  /** Singular lowercase name. */
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly printerColumns: readonly PrinterColumn[];
}

/** The TypeScript type of an API's spec, as a user writes it (defaulted fields optional). */
export type SpecOf<A> = A extends ApiDefinition<infer S, Field> ? TypeOf<S> : never;

/** Every CEL rule of a field tree, with the path of the node that carries it (`spec.nats`). */
export function collectRules(field: Field, path: string): { path: string; rule: CelRule }[] {
  const out = field.rules.map((rule) => ({ path, rule }));
  for (const [name, child] of Object.entries(field.properties ?? {}))
    out.push(...collectRules(child, `${path}.${name}`));
  if (field.items) out.push(...collectRules(field.items, `${path}[*]`));
  if (field.values) out.push(...collectRules(field.values, `${path}[*]`));
  return out;
}

/**
 * Declares an API. Checks the names and that spec and status are objects, so that a typo fails at
 * definition time, not at apply time.
 */
export function defineApi<S extends Field, T extends Field>(input: ApiInput<S, T>): ApiDefinition<S, T> {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(input.kind)) throw new Error(`kind '${input.kind}' must be PascalCase`);
  if (!/^[a-z][a-z0-9]*$/.test(input.plural)) throw new Error(`plural '${input.plural}' must be lowercase`);
  if (input.spec.kind !== 'object') throw new Error(`${input.kind}: spec must be an object field`);
  if (input.status.kind !== 'object') throw new Error(`${input.kind}: status must be an object field`);
  return {
    ...input,
    singular: input.kind.toLowerCase(),
    shortNames: input.shortNames ?? [],
    categories: input.categories ?? [],
    printerColumns: input.printerColumns ?? [],
  };
}
