import { describe, expect, it } from 'vitest';
import { platformApis, webServiceApi } from '../../apis/index.js';
import { defaultConfig } from '../../config.js';
import type { SchemaNode } from '../../validate/index.js';
import { checkXr, evaluateRules, formatFieldError, xrSchema } from '../../validate/index.js';
import { compositeResourceDefinition } from '../../compositions/index.js';

const claim = (backendService: Record<string, unknown>) => ({
  apiVersion: `${defaultConfig.apiGroup}/${defaultConfig.apiVersion}`,
  kind: 'WebService',
  metadata: { name: 'shop', namespace: 'team-a' },
  spec: { image: 'ghcr.io/acme/shop:1', backendService },
});

/** Every x-kubernetes-validations entry of a schema tree, as mutable references. */
function rules(node: SchemaNode): { rule: string; message: string }[] {
  const own = (node['x-kubernetes-validations'] as { rule: string; message: string }[] | undefined) ?? [];
  const children = [
    ...Object.values((node.properties as Record<string, SchemaNode> | undefined) ?? {}),
    ...(node.items ? [node.items as SchemaNode] : []),
  ];
  return [...own, ...children.flatMap(rules)];
}

describe('CEL rules of the generated XRD', () => {
  it('are the exact strings zt validate evaluates: negating one rule flips both verdicts', () => {
    const schema = structuredClone(xrSchema(webServiceApi)) as SchemaNode;
    const target = rules(schema).find(
      (r) => r.message === 'backendService.name requires backendService.port',
    )!;
    expect(target, 'the rule under test exists in the XRD schema').toBeDefined();
    const valid = checkXr(claim({ name: 'pricing', port: 8080 }), platformApis()).defaulted;
    const invalid = checkXr(claim({ name: 'pricing' }), platformApis()).defaulted;
    const verdict = (value: unknown) => evaluateRules(schema, value, '').map(formatFieldError);
    expect(verdict(valid)).toEqual([]);
    expect(verdict(invalid)).toEqual([
      'spec.backendService.port: Invalid value: "object": backendService.name requires backendService.port',
    ]);

    target.rule = `!(${target.rule})`;
    expect(verdict(valid)).toEqual([
      'spec.backendService.port: Invalid value: "object": backendService.name requires backendService.port',
    ]);
    expect(verdict(invalid)).toEqual([]);
  });

  it('match, rule for rule, the x-kubernetes-validations of the XRD that synth emits', () => {
    const xrd = compositeResourceDefinition(webServiceApi, defaultConfig) as unknown as {
      spec: { versions: { schema: { openAPIV3Schema: SchemaNode } }[] };
    };
    const emitted = rules(xrd.spec.versions[0]!.schema.openAPIV3Schema).map((r) => r.rule);
    const evaluated = rules(xrSchema(webServiceApi) as SchemaNode).map((r) => r.rule);
    expect(emitted.length).toBeGreaterThan(0);
    expect(evaluated).toEqual(emitted);
  });
});
