import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 TOTP, SHA-1, 6 digits, 30 s: what every authenticator app supports. */
export const newTotpSecret = (): string => generateSecret();

export const totpUri = (secret: string, account: string, issuer: string): string =>
  generateURI({ issuer, label: account, secret });

/**
 * The time step (RFC 6238 T) of a valid code, or null. One step of drift either way is accepted;
 * a code of the step `usedStep` or earlier is not (RFC 6238 §5.2: a code once accepted is never
 * accepted again, even within its window).
 */
export async function verifyTotp(
  secret: string,
  code: string,
  now: Date,
  usedStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const epoch = Math.floor(now.getTime() / 1000);
  try {
    const result = await verify({
      secret,
      token: code,
      epoch,
      epochTolerance: 30,
      ...(usedStep !== null ? { afterTimeStep: usedStep } : {}),
    });
    // The step the code matched: the current one (30-second period) moved by the drift found.
    return result.valid ? Math.floor(epoch / 30) + result.delta : null;
  } catch {
    return null;
  }
}
