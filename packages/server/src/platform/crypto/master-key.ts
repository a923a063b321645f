/**
 * The node master key and envelope encryption of data keys.
 *
 * Every blob (or evidence item) is encrypted under its own random 256-bit data key; only the data
 * key, wrapped by the master key, is stored beside the blob's record. Rotating the master key
 * re-wraps those 60-byte envelopes and never touches the data (NIST SP 800-57 Part 1 §6.2.2.1, key
 * wrapping; the pattern of AWS KMS / Google Cloud KMS envelope encryption).
 *
 * Wrapped form (text, fits a database column):
 *   "cmk1." <key id> "." base64url( nonce (12) ‖ AES-256-GCM(master, nonce, AAD, data key) (32) ‖ tag (16) )
 *   AAD = "comity/data-key/v1|" <key id>
 * The key id is derived from the master key (HMAC-SHA256 under the key, first 8 bytes, hex), so it
 * names the key without revealing it and a wrong key is reported as such, not as corruption.
 */
import crypto from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export const MASTER_KEY_ENV = 'COMITY_MASTER_KEY_FILE';
const WRAP_PREFIX = 'cmk1';
const WRAP_AAD = 'comity/data-key/v1|';
const KEY_ID_LABEL = 'comity/master-key-id/v1';

export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

export interface MasterKey {
  /** 16 hex characters, derived from the key. */
  readonly id: string;
  readonly key: crypto.KeyObject;
}

export function masterKeyFromBytes(raw: Uint8Array): MasterKey {
  if (raw.length !== 32) throw new MasterKeyError('A master key is 32 bytes');
  const id = crypto.createHmac('sha256', raw).update(KEY_ID_LABEL).digest('hex').slice(0, 16);
  return Object.freeze({ id, key: crypto.createSecretKey(Buffer.from(raw)) });
}

export const generateMasterKey = (): MasterKey => masterKeyFromBytes(crypto.randomBytes(32));

/** Accepts 32 raw bytes, 64 hex characters, or base64/base64url of 32 bytes (trailing newline ok). */
export function decodeKeyFile(content: Buffer, where: string): Buffer {
  if (content.length === 32) return content;
  const text = content.toString('latin1').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const b = Buffer.from(text, 'base64');
    if (b.length === 32) return b;
  }
  throw new MasterKeyError(`${where}: expected a 32-byte key (raw, 64 hex characters or base64)`);
}

export interface LoadedMasterKey {
  master: MasterKey;
  path: string;
  /** True when this start created the key file. */
  created: boolean;
}

/**
 * Loads the master key from `COMITY_MASTER_KEY_FILE` when set (the file must exist: a missing
 * operator-provided key is a configuration error, never a reason to make a new one), otherwise
 * from `<dataDir>/keys/master.key`, creating it with mode 0600 on first start.
 */
export async function loadOrCreateMasterKey(options: {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<LoadedMasterKey> {
  const configured = (options.env ?? process.env)[MASTER_KEY_ENV];
  if (configured) {
    const content = await fs.readFile(configured).catch((err: NodeJS.ErrnoException) => {
      throw new MasterKeyError(`${MASTER_KEY_ENV}=${configured}: cannot read the key file (${err.code})`);
    });
    return {
      master: masterKeyFromBytes(decodeKeyFile(content, MASTER_KEY_ENV)),
      path: configured,
      created: false,
    };
  }
  const file = path.join(options.dataDir, 'keys', 'master.key');
  const existing = await readPrivateKeyFile(file);
  if (existing) return { master: existing, path: file, created: false };
  const fresh = generateMasterKey();
  const won = await createMasterKeyFile(file, fresh);
  // Another process starting at the same moment may have created it first: use theirs.
  if (!won) {
    const theirs = await readPrivateKeyFile(file);
    if (!theirs) throw new MasterKeyError(`${file}: vanished while starting`);
    return { master: theirs, path: file, created: false };
  }
  return { master: fresh, path: file, created: true };
}

async function readPrivateKeyFile(file: string): Promise<MasterKey | undefined> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MasterKeyError(`${file}: cannot read the master key (${(err as NodeJS.ErrnoException).code})`);
  }
  try {
    const st = await handle.stat();
    if ((st.mode & 0o077) !== 0) {
      throw new MasterKeyError(
        `${file}: readable by others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`,
      );
    }
    return masterKeyFromBytes(decodeKeyFile(await handle.readFile(), file));
  } finally {
    await handle.close();
  }
}

/**
 * Writes a key file atomically and without ever replacing one: temp file (0600, fsync), then a hard
 * link to the final name (fails if it exists, unlike rename), then the directory is fsynced.
 * Returns false when the file already existed. Also used to prepare the next key for a rotation.
 */
export async function createMasterKeyFile(file: string, master: MasterKey): Promise<boolean> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
  try {
    await handle.writeFile(`${master.key.export().toString('hex')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
  await fsyncDir(dir);
  return true;
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/* ---------------------------------------------------------------- envelope encryption ---- */

export const generateDataKey = (): Buffer => crypto.randomBytes(32);

export function wrapDataKey(master: MasterKey, dataKey: Uint8Array): string {
  if (dataKey.length !== 32) throw new RangeError('A data key is 32 bytes');
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', master.key, nonce, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(WRAP_AAD + master.id, 'latin1'));
  const body = Buffer.concat([nonce, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return `${WRAP_PREFIX}.${master.id}.${body.toString('base64url')}`;
}

/** The id of the master key that wrapped this data key (for rotation bookkeeping). */
export function wrappedKeyId(wrapped: string): string {
  const parts = wrapped.split('.');
  if (parts.length !== 3 || parts[0] !== WRAP_PREFIX || !/^[0-9a-f]{16}$/.test(parts[1] as string)) {
    throw new MasterKeyError('Not a wrapped data key');
  }
  return parts[1] as string;
}

export function unwrapDataKey(master: MasterKey, wrapped: string): Buffer {
  const id = wrappedKeyId(wrapped);
  if (id !== master.id) throw new MasterKeyError(`Data key is wrapped by master key ${id}, not ${master.id}`);
  const body = Buffer.from(wrapped.split('.')[2] as string, 'base64url');
  if (body.length !== 12 + 32 + 16) throw new MasterKeyError('Wrapped data key has the wrong length');
  const decipher = crypto.createDecipheriv('aes-256-gcm', master.key, body.subarray(0, 12), {
    authTagLength: 16,
  });
  decipher.setAAD(Buffer.from(WRAP_AAD + id, 'latin1'));
  decipher.setAuthTag(body.subarray(44));
  const key = decipher.update(body.subarray(12, 44));
  try {
    decipher.final();
  } catch {
    throw new MasterKeyError('Wrapped data key failed authentication');
  }
  return key;
}

/** Key rotation: the same data key, now wrapped by `to`. The blob itself is not read or rewritten. */
export const rewrapDataKey = (wrapped: string, from: MasterKey, to: MasterKey): string =>
  wrapDataKey(to, unwrapDataKey(from, wrapped));

/**
 * The current master key plus retired ones still needed to unwrap keys not yet re-wrapped during a
 * rotation. New data keys are always wrapped by `current`.
 */
export class Keyring {
  readonly #byId = new Map<string, MasterKey>();

  constructor(
    readonly current: MasterKey,
    retired: readonly MasterKey[] = [],
  ) {
    for (const k of [...retired, current]) this.#byId.set(k.id, k);
  }

  wrap(dataKey: Uint8Array): string {
    return wrapDataKey(this.current, dataKey);
  }

  unwrap(wrapped: string): Buffer {
    const id = wrappedKeyId(wrapped);
    const master = this.#byId.get(id);
    if (!master) throw new MasterKeyError(`Unknown master key ${id}`);
    return unwrapDataKey(master, wrapped);
  }

  /** Re-wraps under the current key; returns the input unchanged when it already is. */
  rewrap(wrapped: string): string {
    return wrappedKeyId(wrapped) === this.current.id ? wrapped : this.wrap(this.unwrap(wrapped));
  }
}
