import type { FieldError } from './field-error.js';

// k8s.io/apimachinery pkg/util/validation (v0.34) and pkg/api/validation/objectmeta.go: the checks
// the API server applies to every object's metadata, with its messages.
const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;
const anchored = (re: string) => new RegExp(`^${re}$`);
const IS_LABEL = anchored(DNS1123_LABEL);
const IS_SUBDOMAIN = anchored(DNS1123_SUBDOMAIN);
const IS_DNS1035 = anchored(DNS1035_LABEL);
const IS_QUALIFIED = anchored(QUALIFIED_NAME);
const IS_LABEL_VALUE = anchored(LABEL_VALUE);
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const maxLen = (n: number) => `must be no more than ${n} characters`;
const subdomainMsg = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`;
const labelMsg = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL}')`;
const dns1035Msg = `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_LABEL}')`;
const qualifiedMsg = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`;
const labelValueMsg = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`;

/** Kinds whose names the API server checks as something other than a DNS-1123 subdomain. */
const NAME_RULES: Readonly<Record<string, (name: string) => string[]>> = {
  'v1/Namespace': isDns1123Label,
  'v1/Service': isDns1035Label,
};

/**
 * The API server's `ValidateObjectMeta` for a manifest: name (or generateName) present and valid for
 * its kind, namespace a DNS-1123 label, label keys and values and annotation keys well formed.
 * @example validateObjectMeta({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'A_b' } })
 */
export function validateObjectMeta(object: Record<string, unknown>): FieldError[] {
  const meta = object['metadata'];
  if (meta === undefined || meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    return [{ path: 'metadata.name', type: 'Required value', detail: 'name or generateName is required' }];
  }
  const m = meta as Record<string, unknown>;
  const errors: FieldError[] = [];
  const invalid = (path: string, value: unknown, detail: string) =>
    errors.push({ path, type: 'Invalid value', detail: `${JSON.stringify(value)}: ${detail}` });
  const name = m['name'];
  if (typeof name === 'string' && name !== '') {
    const rule =
      NAME_RULES[`${String(object['apiVersion'])}/${String(object['kind'])}`] ?? isDns1123Subdomain;
    for (const msg of rule(name)) invalid('metadata.name', name, msg);
  } else if (typeof m['generateName'] !== 'string' || m['generateName'] === '') {
    errors.push({
      path: 'metadata.name',
      type: 'Required value',
      detail: 'name or generateName is required',
    });
  }
  const ns = m['namespace'];
  if (typeof ns === 'string' && ns !== '')
    for (const msg of isDns1123Label(ns)) invalid('metadata.namespace', ns, msg);
  errors.push(...validateLabels(m['labels']), ...validateAnnotations(m['annotations']));
  return errors;
}

function validateLabels(labels: unknown): FieldError[] {
  if (labels === undefined || labels === null || typeof labels !== 'object') return [];
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k))
      errors.push({ path: 'metadata.labels', type: 'Invalid value', detail: `${JSON.stringify(k)}: ${msg}` });
    const value = typeof v === 'string' ? v : String(v);
    const valueErrors = value.length > 63 ? [maxLen(63)] : [];
    if (!IS_LABEL_VALUE.test(value)) valueErrors.push(labelValueMsg);
    for (const msg of valueErrors)
      errors.push({
        path: 'metadata.labels',
        type: 'Invalid value',
        detail: `${JSON.stringify(value)}: ${msg}`,
      });
  }
  return errors;
}

function validateAnnotations(annotations: unknown): FieldError[] {
  if (annotations === undefined || annotations === null || typeof annotations !== 'object') return [];
  const errors: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    // Annotation keys are checked in lower case (ValidateAnnotations), values only for total size.
    for (const msg of isQualifiedName(k.toLowerCase()))
      errors.push({
        path: 'metadata.annotations',
        type: 'Invalid value',
        detail: `${JSON.stringify(k)}: ${msg}`,
      });
    size += k.length + String(v ?? '').length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errors.push({
      path: 'metadata.annotations',
      type: 'Too long',
      detail: `may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`,
    });
  }
  return errors;
}

/** `IsQualifiedName`: an optional DNS-1123 subdomain prefix and `/`, then a name of ≤ 63 characters. */
function isQualifiedName(value: string): string[] {
  const parts = value.split('/');
  let name: string;
  const errs: string[] = [];
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push(`prefix part ${emptyMsg}`);
    else for (const msg of isDns1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      `a qualified name ${qualifiedMsg.replace('name part must', 'must')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyMsg}`);
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (!IS_QUALIFIED.test(name)) errs.push(qualifiedMsg);
  return errs;
}
const emptyMsg = 'must be non-empty';

function isDns1123Subdomain(value: string): string[] {
  const errs = value.length > 253 ? [maxLen(253)] : [];
  if (!IS_SUBDOMAIN.test(value)) errs.push(subdomainMsg);
  return errs;
}

function isDns1123Label(value: string): string[] {
  const errs = value.length > 63 ? [maxLen(63)] : [];
  if (!IS_LABEL.test(value)) errs.push(labelMsg);
  return errs;
}

function isDns1035Label(value: string): string[] {
  const errs = value.length > 63 ? [maxLen(63)] : [];
  if (!IS_DNS1035.test(value)) errs.push(dns1035Msg);
  return errs;
}
