import { type ProblemCode, problemCodes } from '@comity/contracts';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * The one error type services throw. Carries a stable problem code from the contracts registry;
 * the root error handler turns it into RFC 9457 problem+json.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? problemCodes[code].title);
    this.status = problemCodes[code].status;
  }
}

/**
 * Someone changed the object since the caller read it (optimistic concurrency): 409 with the object
 * as it is now in `current`, so the caller can decide again without another round trip.
 */
export class StaleVersion extends AppError {
  constructor(
    detail: string,
    readonly current: unknown,
  ) {
    super('conflict', detail);
  }
}

export const notFound = (detail?: string) => new AppError('not-found', detail);
export const conflict = (detail: string) => new AppError('conflict', detail);
export const forbidden = (detail?: string) => new AppError('forbidden', detail);
export const validationFailed = (errors: FieldError[], detail?: string) =>
  new AppError(
    'validation-failed',
    detail ?? errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors,
  );
