import type { LegalRegistry } from './registry.ts';

// Checks an advice request before it reaches the advisor. The HTTP layer answers a non-empty list
// with 422; the advisor itself never throws on unknown codes.

export interface InputError {
  /** Dotted field path, e.g. `measures.2`. */
  readonly path: string;
  readonly message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isIsoDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function checkState(registry: LegalRegistry, value: unknown, path: string, errors: InputError[]): void {
  if (typeof value !== 'string' || value.length === 0) {
    errors.push({ path, message: 'required: an ISO 3166-1 alpha-2 state code' });
  } else if (!registry.statesByCode.has(value)) {
    errors.push({
      path,
      message: `unknown state "${value}": use an ISO 3166-1 alpha-2 code known to the registry (GB for the UK)`,
    });
  }
}

/** Returns every problem with an advice request; empty when it can be passed to `advise`. */
export function validateAdviceInput(registry: LegalRegistry, input: unknown): InputError[] {
  const errors: InputError[] = [];
  if (!isRecord(input)) return [{ path: '', message: 'expected an object' }];
  checkState(registry, input.requestingState, 'requestingState', errors);
  checkState(registry, input.requestedState, 'requestedState', errors);

  const measures = input.measures;
  if (!Array.isArray(measures) || measures.length === 0) {
    errors.push({ path: 'measures', message: 'required: at least one measure' });
  } else {
    const seen = new Set<string>();
    measures.forEach((m: unknown, index) => {
      const path = `measures.${index}`;
      if (typeof m !== 'string') errors.push({ path, message: 'expected a measure id' });
      else if (!registry.measuresById.has(m)) errors.push({ path, message: `unknown measure "${m}"` });
      else if (seen.has(m)) errors.push({ path, message: `duplicate measure "${m}"` });
      else seen.add(m);
    });
  }

  const category = input.offenceCategory;
  if (category !== undefined && category !== null) {
    if (typeof category !== 'string')
      errors.push({ path: 'offenceCategory', message: 'expected an offence category id' });
    else if (!registry.offenceCategoriesById.has(category)) {
      errors.push({ path: 'offenceCategory', message: `unknown offence category "${category}"` });
    }
  }
  if (typeof input.urgent !== 'boolean') errors.push({ path: 'urgent', message: 'required: true or false' });
  const at = input.at;
  if (at !== undefined && (typeof at !== 'string' || !isIsoDate(at))) {
    errors.push({ path: 'at', message: 'expected a date YYYY-MM-DD' });
  }
  return errors;
}
