/** The password every demo account gets in the browser tests' server (COMITY_DEMO_PASSWORD). */
export const DEMO_PASSWORD = 'Exercise-Password-2026!';

export interface DemoAccount {
  email: string;
  name: string;
  roles: string[];
  agency: string;
  jurisdiction: string;
}

/** The demo accounts listed by `comity demo accounts --json` in the global setup. */
export function demoAccounts(): DemoAccount[] {
  const raw = process.env.COMITY_E2E_ACCOUNTS;
  if (!raw) throw new Error('COMITY_E2E_ACCOUNTS is not set: the global setup did not run');
  return JSON.parse(raw) as DemoAccount[];
}

/** The first demo account holding a role. */
export function demoWithRole(role: string): DemoAccount {
  const found = demoAccounts().find((a) => a.roles.includes(role));
  if (!found) throw new Error(`No demo account has the role ${role}`);
  return found;
}
