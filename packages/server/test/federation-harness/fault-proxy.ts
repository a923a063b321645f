import http from 'node:http';
import type net from 'node:net';

/**
 * Probabilities per request (0…1) and a delay range. Delays differ per request, so concurrent
 * requests overtake each other: that is how the proxy reorders.
 */
export interface FaultPolicy {
  /** Close the client's connection without forwarding (the sender sees a network error). */
  dropRequest: number;
  /** Forward, let the node answer, then cut the client's connection (stored, but no 2xx seen). */
  dropResponse: number;
  /** Forward a second, byte-identical copy after the first was answered (a replay on the wire). */
  duplicate: number;
  /** Random delay before forwarding, in ms. */
  delayMs: [number, number];
}

export const HEALTHY: FaultPolicy = { dropRequest: 0, dropResponse: 0, duplicate: 0, delayMs: [0, 0] };

export interface ProxyStats {
  requests: number;
  droppedRequests: number;
  droppedResponses: number;
  duplicated: number;
  refusedWhileDown: number;
  cuts: number;
}

/**
 * A small HTTP fault proxy in front of one node, on 127.0.0.1. Partners address the node through it
 * (the node's COMITY_PUBLIC_URL is the proxy's URL), so every envelope, document fetch and evidence
 * pull to that node crosses it. It can drop, delay, duplicate and reorder requests, drop answers,
 * cut every open connection, and play dead.
 */
export class FaultProxy {
  private server: http.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly upstream: http.Agent;
  private policy: FaultPolicy = HEALTHY;
  private down = false;
  port = 0;
  readonly stats: ProxyStats = {
    requests: 0,
    droppedRequests: 0,
    droppedResponses: 0,
    duplicated: 0,
    refusedWhileDown: 0,
    cuts: 0,
  };

  constructor(
    private targetPort: number,
    private readonly random: () => number = Math.random,
  ) {
    this.upstream = new http.Agent({ keepAlive: true, maxSockets: 64 });
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    this.server.on('connection', (socket) => {
      if (this.down) {
        this.stats.refusedWhileDown++;
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this.port;
  }

  setTarget(port: number): void {
    this.targetPort = port;
  }

  setPolicy(policy: Partial<FaultPolicy>): void {
    this.policy = { ...HEALTHY, ...policy };
  }

  /** No more faults (the node itself may still be down). */
  heal(): void {
    this.policy = HEALTHY;
    this.down = false;
  }

  /** Plays dead: every connection is closed at once, existing ones included. */
  goDown(): void {
    this.down = true;
    this.cutConnections();
  }

  comeBack(): void {
    this.down = false;
  }

  /** Cuts every open client connection (requests in flight lose their answer). */
  cutConnections(): void {
    this.stats.cuts++;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private chance(p: number): boolean {
    return p > 0 && this.random() < p;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.stats.requests++;
    const body = await readAll(req).catch(() => undefined);
    if (!body) return;
    const policy = this.policy;
    if (this.down || this.chance(policy.dropRequest)) {
      this.stats.droppedRequests++;
      req.socket.destroy();
      return;
    }
    const [min, max] = policy.delayMs;
    if (max > 0) await sleep(min + this.random() * (max - min));
    let answer: Upstream;
    try {
      answer = await this.forward(req, body);
    } catch {
      // The node is not there (killed): to the sender this is a network failure.
      req.socket.destroy();
      return;
    }
    if (this.chance(policy.duplicate)) {
      this.stats.duplicated++;
      void this.forward(req, body).catch(() => {});
    }
    if (this.down || this.chance(policy.dropResponse)) {
      this.stats.droppedResponses++;
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  private forward(req: http.IncomingMessage, body: Buffer): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers };
      delete headers.connection;
      const up = http.request(
        {
          host: '127.0.0.1',
          port: this.targetPort,
          method: req.method,
          path: req.url,
          headers,
          agent: this.upstream,
          timeout: 30_000,
        },
        (r) => {
          readAll(r).then((b) => {
            const h = { ...r.headers };
            delete h.connection;
            delete h['keep-alive'];
            delete h['transfer-encoding'];
            h['content-length'] = String(b.length);
            resolve({ status: r.statusCode ?? 502, headers: h, body: b });
          }, reject);
        },
      );
      up.on('timeout', () => up.destroy(new Error('upstream timeout')));
      up.on('error', reject);
      up.end(body);
    });
  }

  async close(): Promise<void> {
    this.cutConnections();
    this.upstream.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface Upstream {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
