import { defineConfig } from '@playwright/test';

// Browser tests drive Debian's Chromium (scripts/ensure-chromium.sh installs it); Playwright never
// downloads a browser here. The global setup starts a real Comity server in demo mode on a fresh
// data directory and a free port, and serves the built app (run `vite build` first:
// `npm run test:browser -w @comity/web` does both).
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  globalSetup: './e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    // Set by the global setup (the server's port is only known then); workers inherit it.
    baseURL: process.env.COMITY_E2E_BASE_URL,
    locale: 'en-GB',
    timezoneId: 'Europe/Brussels',
    viewport: { width: 1366, height: 860 },
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
