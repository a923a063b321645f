import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// The lifecycle API is documented for the web app: every route in the OpenAPI document with a
// summary and its responses; the transition body as a union of the actions with examples.

const ROUTES = [
  ['post', '/api/requests/{id}/transitions'],
  ['get', '/api/requests/{id}/lifecycle'],
  ['get', '/api/requests/{id}/deliveries'],
  ['get', '/api/requests/{id}/deadlines'],
  ['get', '/api/requests/{id}/timeline'],
  ['post', '/api/requests/{id}/supplementary'],
  ['get', '/api/requests/{id}/tasks'],
  ['post', '/api/requests/{id}/tasks'],
  ['patch', '/api/tasks/{id}'],
  ['get', '/api/tasks'],
  ['get', '/api/requests/{id}/translations'],
  ['patch', '/api/translation-tasks/{id}'],
  ['get', '/api/inbox'],
  ['get', '/api/inbox/views'],
  ['post', '/api/inbox/views'],
  ['delete', '/api/inbox/views/{id}'],
  ['get', '/api/me/notification-preferences'],
  ['put', '/api/me/notification-preferences'],
  ['get', '/api/me/notifications'],
  ['post', '/api/me/notifications/{id}/read'],
] as const;

describe('lifecycle API in the OpenAPI document', () => {
  let t: TestNode;
  let c: TestClient;
  beforeAll(async () => {
    t = await startTestNode();
    const a = await buildAgency(t.node);
    const u = await buildUser(t.node, { agencyId: a.id });
    c = new TestClient(t.app);
    await c.signInWithMfa(u.email);
  });
  afterAll(() => t.close());

  it('documents every lifecycle route with a summary and responses', async () => {
    const doc = (await c.get('/api/openapi.json')).body;
    for (const [verb, path] of ROUTES) {
      const op = doc.paths[path]?.[verb];
      expect(op, `${verb} ${path}`).toBeDefined();
      expect(op.summary, `${verb} ${path}`).toBeTruthy();
      expect(Object.keys(op.responses)).not.toHaveLength(0);
    }
    const transition = doc.paths['/api/requests/{id}/transitions'].post;
    expect(Object.keys(transition.responses)).toEqual(expect.arrayContaining(['200', '409']));
    const body = transition.requestBody.content['application/json'].schema;
    expect(JSON.stringify(body)).toContain('request-information');
    expect(JSON.stringify(body)).toContain('examples');
  });
});
