import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';
import { buildAgency, buildUser } from '../support/factories.ts';
import { TestClient } from '../support/http-client.ts';
import { engineName } from '../support/test-database.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { FAST_FEDERATION_ENV, freePort, waitFor } from './support.ts';

/** A test CA, and certificates it signs for 127.0.0.1 (usable as server and client certificates). */
function makePki(dir: string) {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const file = (name: string) => path.join(dir, name);
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ecKey,
    '-subj',
    '/CN=Comity test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '1',
  );
  const issue = (name: string, ca: { cert: string; key: string } | null) => {
    const key = file(`${name}.key`);
    const cert = file(`${name}.pem`);
    if (!ca) {
      openssl(
        'req',
        '-x509',
        ...ecKey,
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        `/CN=${name}`,
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      );
      return { cert, key };
    }
    const csr = file(`${name}.csr`);
    const ext = file(`${name}.ext`);
    fs.writeFileSync(ext, 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
    openssl('req', '-new', ...ecKey, '-keyout', key, '-out', csr, '-subj', `/CN=${name}`);
    openssl(
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-CAcreateserial',
      '-out',
      cert,
      '-days',
      '1',
      '-extfile',
      ext,
    );
    return { cert, key };
  };
  const ca = { cert: file('ca.pem'), key: file('ca.key') };
  return { ca, de: issue('de', ca), fr: issue('fr', ca), stranger: issue('stranger', null) };
}

type Pki = ReturnType<typeof makePki>;

interface TlsNode extends TestNode {
  baseUrl: string;
  admin: TestClient;
}

/** A node serving HTTPS on 127.0.0.1 that requires partners' client certificates (mutual TLS). */
async function startTlsNode(
  name: string,
  jurisdiction: string,
  own: { cert: string; key: string },
  pki: Pki,
) {
  const port = await freePort();
  const baseUrl = `https://127.0.0.1:${port}`;
  const t = await startTestNode({
    env: {
      ...FAST_FEDERATION_ENV,
      COMITY_NODE_NAME: name,
      COMITY_PUBLIC_URL: baseUrl,
      COMITY_TLS_CERT: own.cert,
      COMITY_TLS_KEY: own.key,
      COMITY_FEDERATION_CA_FILE: pki.ca.cert,
      COMITY_FEDERATION_CLIENT_CERT: own.cert,
      COMITY_FEDERATION_CLIENT_KEY: own.key,
      COMITY_FEDERATION_REQUIRE_CLIENT_CERT: 'true',
    },
  });
  await t.app.listen({ port, host: '127.0.0.1' });
  const agency = await buildAgency(t.node, { jurisdiction, kind: 'central-authority', name: `${name} CA` });
  const user = await buildUser(t.node, { agencyId: agency.id, roles: ['administrator'] });
  const admin = new TestClient(t.app);
  await admin.signInWithMfa(user.email);
  await t.node.federation.start();
  return { ...t, baseUrl, admin } satisfies TlsNode;
}

/** A raw HTTPS call trusting the test CA, optionally presenting a client certificate. */
function call(
  url: string,
  o: { method?: string; ca: string; client?: { cert: string; key: string }; body?: string },
): Promise<{ status: number; type: string; body: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: o.method ?? 'GET',
        ca: fs.readFileSync(o.ca),
        ...(o.client ? { cert: fs.readFileSync(o.client.cert), key: fs.readFileSync(o.client.key) } : {}),
        headers: o.body ? { 'content-type': 'application/json' } : {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body });
        });
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

describe(`mutual TLS between two nodes on ${engineName()}`, () => {
  let dir: string;
  let pki: Pki;
  let de: TlsNode;
  let fr: TlsNode;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'comity-mtls-'));
    pki = makePki(dir);
    de = await startTlsNode('Comity DE', 'DE', pki.de, pki);
    fr = await startTlsNode('Comity FR', 'FR', pki.fr, pki);
  });
  afterAll(async () => {
    await de?.close();
    await fr?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses invalid settings at start, naming the setting', () => {
    const base = { COMITY_DATA_DIR: dir };
    expect(() => loadConfig({ ...base, COMITY_FEDERATION_CLIENT_CERT: pki.de.cert })).toThrow(
      /COMITY_FEDERATION_CLIENT_CERT and COMITY_FEDERATION_CLIENT_KEY/,
    );
    expect(() => loadConfig({ ...base, COMITY_FEDERATION_REQUIRE_CLIENT_CERT: 'true' })).toThrow(
      /COMITY_FEDERATION_REQUIRE_CLIENT_CERT: needs TLS/,
    );
    expect(() =>
      loadConfig({
        ...base,
        COMITY_TLS_CERT: pki.de.cert,
        COMITY_TLS_KEY: pki.de.key,
        COMITY_FEDERATION_REQUIRE_CLIENT_CERT: 'yes',
      }),
    ).toThrow(/COMITY_FEDERATION_REQUIRE_CLIENT_CERT/);
    expect(() =>
      loadConfig({
        ...base,
        COMITY_FEDERATION_CLIENT_CERT: '/nonexistent.pem',
        COMITY_FEDERATION_CLIENT_KEY: pki.de.key,
      }),
    ).toThrow(/COMITY_FEDERATION_CLIENT_CERT: cannot read/);
    const ok = loadConfig({
      ...base,
      COMITY_TLS_CERT: pki.de.cert,
      COMITY_TLS_KEY: pki.de.key,
      COMITY_FEDERATION_CA_FILE: pki.ca.cert,
      COMITY_FEDERATION_CLIENT_CERT: pki.de.cert,
      COMITY_FEDERATION_CLIENT_KEY: pki.de.key,
      COMITY_FEDERATION_REQUIRE_CLIENT_CERT: 'true',
    });
    expect(ok.federation).toMatchObject({ requireClientCert: true, clientCert: { cert: pki.de.cert } });
  });

  it('partners and exchanges envelopes over mutually authenticated HTTPS', async () => {
    const added = await de.admin.post('/api/federation/partners', { baseUrl: fr.baseUrl });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    await de.admin.post(`/api/federation/partners/${added.body.data.id}/confirm`, {
      fingerprint: added.body.data.fingerprint,
    });
    const back = await fr.admin.post('/api/federation/partners', { baseUrl: de.baseUrl });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    await fr.admin.post(`/api/federation/partners/${back.body.data.id}/confirm`, {
      fingerprint: back.body.data.fingerprint,
    });
    const sent = await de.admin.post(`/api/federation/partners/${added.body.data.id}/ping`, { count: 3 });
    expect(sent.status).toBe(202);
    for (const id of sent.body.envelopeIds) {
      await waitFor('delivered with a receipt', async () => {
        const e = (await de.admin.get(`/api/federation/envelopes/${id}`)).body.data;
        return e.status === 'delivered' && e.receipts.length > 0;
      });
    }
    const inbox = await fr.admin.get(`/api/federation/envelopes?direction=in&partner=${de.node.nodeId}`);
    expect(inbox.body.items).toHaveLength(3);
  });

  it('refuses federation requests without a trusted client certificate (problem+json)', async () => {
    const inbox = `${fr.baseUrl}/api/federation/inbox`;
    const body = '{}';
    const none = await call(inbox, { method: 'POST', ca: pki.ca.cert, body });
    expect(none.status).toBe(401);
    expect(none.type).toContain('application/problem+json');
    expect(none.body.code).toBe('federation-client-certificate-required');
    expect(none.body.detail).toContain('no client certificate');
    const stranger = await call(inbox, { method: 'POST', ca: pki.ca.cert, client: pki.stranger, body });
    expect(stranger.status).toBe(401);
    expect(stranger.body.code).toBe('federation-client-certificate-required');
    expect(stranger.body.detail).toContain('not trusted');
    const blob = await call(`${fr.baseUrl}/api/federation/blobs/${'a'.repeat(64)}`, { ca: pki.ca.cert });
    expect(blob.status).toBe(401);
    expect(blob.body.code).toBe('federation-client-certificate-required');
    // The refusals are audited.
    const refused = await fr.node.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'request.rejected')
      .execute();
    expect(refused.some((r) => r.details.includes('federation-client-certificate-required'))).toBe(true);
  });

  it('keeps RFC 9421 signatures mandatory with a trusted certificate', async () => {
    const r = await call(`${fr.baseUrl}/api/federation/inbox`, {
      method: 'POST',
      ca: pki.ca.cert,
      client: pki.de,
      body: '{}',
    });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('federation-signature-missing');
  });

  it('serves the public node document and the web API without a client certificate', async () => {
    const doc = await call(`${fr.baseUrl}/.well-known/comity/node`, { ca: pki.ca.cert });
    expect(doc.status).toBe(200);
    expect(doc.body.nodeId).toBe(fr.node.nodeId);
    const health = await call(`${fr.baseUrl}/api/health`, { ca: pki.ca.cert });
    expect(health.status).toBe(200);
  });
});
