import { describe, expect, it } from 'vitest';
import { formatFieldError } from './field-error.js';
import { validateObjectMeta } from './object-meta.js';

// Expected lines are what the API server (k8s.io/apimachinery v0.34 validation) answers.
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const CASES: Record<string, { reason: string; object: Record<string, unknown>; want: string[] }> = {
  ValidObject: {
    reason: 'a lowercase name, namespace, labels and annotations pass',
    object: {
      apiVersion: 'platform.zerotouch.dev/v1alpha1',
      kind: 'WebService',
      metadata: {
        name: 'shop.v2',
        namespace: 'team-a',
        labels: { 'app.kubernetes.io/name': 'shop', tier: '' },
        annotations: { 'Example.com/Owner': 'Team A' },
      },
    },
    want: [],
  },
  UppercaseName: {
    reason: 'names are RFC 1123 subdomains: no upper case, no underscore',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Shop_Upper' } },
    want: [`metadata.name: Invalid value: "Shop_Upper": ${SUBDOMAIN}`],
  },
  MissingName: {
    reason: 'a name or generateName is required',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
    want: ['metadata.name: Required value: name or generateName is required'],
  },
  GenerateNameOnly: {
    reason: 'generateName stands in for a name',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cm-' } },
    want: [],
  },
  ServiceNameStartsWithDigit: {
    reason: 'Service names are DNS-1035 labels',
    object: { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' } },
    want: [
      "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
  DottedNamespace: {
    reason: 'namespaces are RFC 1123 labels',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'team.a' } },
    want: [
      "metadata.namespace: Invalid value: \"team.a\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
  BadLabelKeyAndValue: {
    reason: 'label keys are qualified names and values at most 63 characters of the same alphabet',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { 'bad key': 'x y' } } },
    want: [
      "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "metadata.labels: Invalid value: \"x y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  },
  LongLabelValue: {
    reason: 'a label value has at most 63 characters',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { k: 'a'.repeat(64) } } },
    want: [`metadata.labels: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
  },
  BadAnnotationPrefix: {
    reason: 'an annotation key prefix is a DNS subdomain',
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', annotations: { 'Ex_ample/x': '1' } },
    },
    want: [`metadata.annotations: Invalid value: "Ex_ample/x": prefix part ${SUBDOMAIN}`],
  },
};

describe('validateObjectMeta answers as the API server', () => {
  for (const [name, tc] of Object.entries(CASES)) {
    it(`${name}: ${tc.reason}`, () => {
      expect(validateObjectMeta(tc.object).map(formatFieldError)).toEqual(tc.want);
    });
  }
});
