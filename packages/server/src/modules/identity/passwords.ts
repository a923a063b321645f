import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * argon2id with the OWASP baseline (19 MiB, 2 passes, 1 lane). @node-rs/argon2 runs on the libuv
 * pool, so hashing never blocks the event loop. The whole password is hashed: no truncation.
 */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: verifying against it costs the same as a real account. */
let dummyHash: Promise<string> | undefined;
export const burnPasswordCheck = async (password: string): Promise<void> => {
  dummyHash ??= hashPassword('comity-no-such-account-placeholder');
  await verifyPassword(await dummyHash, password);
};

const common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/**
 * Why a password is refused, in words a user can act on (NIST SP 800-63B §5.1.1.2: length, no
 * composition rules, reject known-compromised and context-specific passwords). Empty = accepted.
 */
export function passwordProblems(
  password: string,
  context: { email?: string; displayName?: string } = {},
): string[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('Use at least 12 characters.');
  if (password.length > 1024) problems.push('Use at most 1024 characters.');
  const lower = password.toLowerCase();
  if (common.has(lower)) problems.push('This password is on a list of commonly used passwords.');
  const stripped = lower.replace(/[^a-z]/g, '');
  if (stripped.length >= 6 && common.has(stripped)) {
    problems.push('This password is a commonly used password with digits or symbols added.');
  }
  if (new Set(password).size < 5) problems.push('Use more different characters.');
  const localPart = context.email?.split('@')[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && lower.includes(localPart))
    problems.push('Do not include your email address.');
  for (const part of context.displayName?.toLowerCase().split(/\s+/) ?? []) {
    if (part.length >= 4 && lower.includes(part)) {
      problems.push('Do not include your name.');
      break;
    }
  }
  return problems;
}
