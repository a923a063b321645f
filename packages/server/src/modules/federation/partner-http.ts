import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Gives up (network error) after this long without an answer. */
  timeoutMs: number;
  /** Reads at most this many bytes of the answer (more is an error). */
  maxBodyBytes?: number;
  /** Streams the body instead of buffering it (evidence pulls). */
  onChunk?: (chunk: Buffer) => void | Promise<void>;
}

/** A network-level failure: no HTTP answer (refused, reset, timeout, TLS). Always worth a retry. */
export class NetworkError extends Error {}

/**
 * Node-to-node HTTP: keep-alive connection pools per scheme, and the system CAs plus any partner CAs
 * of COMITY_FEDERATION_CA_FILE (self-signed partners in exercises and tests), and this node's client
 * certificate when mutual TLS is configured (COMITY_FEDERATION_CLIENT_CERT/_KEY). Redirects are never
 * followed: a signed request's @target-uri would no longer match (docs/federation.md §12).
 */
export class PartnerHttp {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(options: {
    maxSockets: number;
    caFile?: string | undefined;
    /** This node's client certificate and key (PEM files): presented to partners (mutual TLS). */
    clientCert?: { cert: string; key: string } | undefined;
  }) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
    // One secure context for every connection: passing `ca` itself would make the agent hash the
    // whole CA bundle into its pool key on every request and load it again for every connection.
    const secureContext =
      options.caFile || options.clientCert
        ? tls.createSecureContext({
            ...(options.caFile
              ? { ca: [...tls.rootCertificates, fs.readFileSync(options.caFile, 'utf8')] }
              : {}),
            ...(options.clientCert
              ? {
                  cert: fs.readFileSync(options.clientCert.cert),
                  key: fs.readFileSync(options.clientCert.key),
                }
              : {}),
          })
        : undefined;
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets,
      ...(secureContext ? { secureContext } : {}),
    });
  }

  request(call: HttpCall): Promise<HttpAnswer> {
    const url = new URL(call.url);
    const client = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
    const max = call.maxBodyBytes ?? 1024 * 1024;
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        reject(e instanceof NetworkError ? e : new NetworkError((e as Error)?.message ?? String(e)));
      };
      const req = client.request(
        url,
        {
          method: call.method,
          agent,
          headers: {
            ...call.headers,
            ...(call.body ? { 'content-length': String(call.body.byteLength) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          let pending: Promise<void> = Promise.resolve();
          res.on('data', (chunk: Buffer) => {
            if (call.onChunk && res.statusCode !== undefined && res.statusCode < 300) {
              res.pause();
              pending = pending
                .then(() => call.onChunk?.(chunk))
                .then(
                  () => {
                    res.resume();
                  },
                  (e) => {
                    res.destroy();
                    fail(e);
                  },
                );
              return;
            }
            size += chunk.length;
            if (size > max) {
              res.destroy();
              fail(new NetworkError('answer too large'));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            void pending.then(() => {
              if (settled) return;
              settled = true;
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
            });
          });
          res.on('error', fail);
          res.on('close', () => {
            if (!res.complete) fail(new NetworkError('answer cut short'));
          });
        },
      );
      req.setTimeout(call.timeoutMs, () => req.destroy(new NetworkError('timeout')));
      req.on('error', fail);
      req.end(call.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
