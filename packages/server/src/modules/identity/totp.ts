import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 TOTP, SHA-1, 6 digits, 30 s: what every authenticator app supports. */
export const newTotpSecret = (): string => generateSecret();

export const totpUri = (secret: string, account: string, issuer: string): string =>
  generateURI({ issuer, label: account, secret });

/** otplib 13 returns `{ valid }`, not a boolean. One step of drift either way is accepted. */
export async function verifyTotp(secret: string, code: string, now: Date): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: 30,
    });
    return result.valid === true;
  } catch {
    return false;
  }
}
