// The legal registry's code lists (offence categories, deadline actions and events, advisor and
// validator codes, …) are @comity/contracts' (legal-codes.ts), shared with the server. The contracts
// type some wire fields as plain strings (registry data an administrator may extend); the lists say
// which values the catalogue has a label for, and test/unit/i18n.test.ts checks every one is
// translated. A value outside a list is shown as it comes.

/** Is `value` one of `list` (narrows to the list's type). */
export const isIn = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);
