import pino, { type Logger } from 'pino';

/**
 * Paths never written to logs: credentials, tokens, cookies, and fields that carry personal data.
 * Request/response bodies are not logged at all; these paths catch what a handler logs by mistake.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.secret',
  '*.code',
  '*.recoveryCode',
  '*.email',
  '*.displayName',
  '*.name',
  '*.dateOfBirth',
];

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: { service: 'comity' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
