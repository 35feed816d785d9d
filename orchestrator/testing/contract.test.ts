import { describe, expect, it } from 'vitest';
import { checkOrchestratorAnswer } from './contract.js';

const WORKFLOW = {
  id: '0190c5d2-7b3a-7c4e-9d1f-2a3b4c5d6e7f',
  name: 'w',
  description: '',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

describe('contract checks of answers', () => {
  it('accepts an answer the document declares', () => {
    expect(() =>
      checkOrchestratorAnswer('GET', `/api/workflows/${WORKFLOW.id}`, 200, WORKFLOW),
    ).not.toThrow();
  });

  it.each([
    ['an undeclared field', { ...WORKFLOW, owner_id: 'x' }, 200, 'must NOT have additional properties'],
    ['a missing field', { ...WORKFLOW, name: undefined }, 200, "must have required property 'name'"],
    ['an undeclared status', WORKFLOW, 201, 'status 201 is not declared'],
    ['an error body of the wrong shape', { message: 'nope' }, 404, "must have required property 'error'"],
  ])('fails on %s', (_reason, body, status, message) => {
    expect(() => checkOrchestratorAnswer('GET', `/api/workflows/${WORKFLOW.id}`, status, body)).toThrow(
      message,
    );
  });

  it('accepts a 204 without a body and fails one with a body', () => {
    const path = `/api/workflows/${WORKFLOW.id}`;
    expect(() => checkOrchestratorAnswer('DELETE', path, 204, undefined)).not.toThrow();
    expect(() => checkOrchestratorAnswer('DELETE', path, 204, WORKFLOW)).toThrow('declares no body');
  });
});
