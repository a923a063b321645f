import { AppError } from '../../platform/http/errors.ts';
import type { Decision } from './handling.ts';

/** A refused dissemination decision as a 403 problem naming the rule. */
export function refusal(d: Extract<Decision, { allowed: false }>): AppError {
  return new AppError('forbidden', `${d.reason} (rule ${d.rule})`, [{ path: d.rule, message: d.reason }]);
}
