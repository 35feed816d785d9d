import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderNatsAuthorizationDoc } from './authorization-doc.js';
import { natsNames } from '../../common/contracts/nats.js';
import { enginePermissions } from './permissions.js';

const doc = path.resolve(import.meta.dirname, '..', '..', 'docs', 'nats-authorization.md');

describe('docs/nats-authorization.md', () => {
  it("matches the engine's names and permissions (run `npm run generate:nats-doc`)", () => {
    expect(readFileSync(doc, 'utf8')).toBe(renderNatsAuthorizationDoc());
  });

  it('lists every subject of the tested least privilege and no secret', () => {
    const text = renderNatsAuthorizationDoc();
    const { publish, subscribe } = enginePermissions(natsNames(), true);
    for (const subject of [...publish, ...subscribe]) expect(text).toContain(`\`${subject}\``);
    expect(text).toContain('password: $SPEC_ENGINE_NATS_PASSWORD');
  });
});
