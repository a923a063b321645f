import { type CSSVariablesResolver, createTheme, darken } from '@mantine/core';

/**
 * Mantine theme tuned for WCAG 2.1 AA contrast (4.5:1 for text): Mantine's defaults put white text
 * on blue-6 (3.5:1) and grey-6 "dimmed" text on white (3.3:1), both below AA.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  // Pick black or white text on filled colours by luminance; 0.18 is where both contrast equally.
  autoContrast: true,
  luminanceThreshold: 0.18,
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Table: { defaultProps: { verticalSpacing: 4, horizontalSpacing: 'xs', fz: 'sm' } },
    // Badges in dense tables must show their whole text (Mantine truncates them by default).
    Badge: {
      defaultProps: { radius: 'sm' },
      styles: { root: { overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible' } },
    },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    // Text of "light" variants (badges, alerts, active nav links): Mantine's shade 9 on shade 1–2 is
    // under 4.5:1 for green, teal, lime, yellow, orange, red and blue; 35 % darker clears it for all.
    ...Object.fromEntries(
      Object.keys(t.colors)
        .filter((c) => c !== 'dark')
        .map((c) => [`--mantine-color-${c}-light-color`, darken(t.colors[c]![9], 0.35)]),
    ),
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-8)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--comity-warning-text': '#a63c00',
    '--comity-banner-bg': '#ffd43b',
    '--comity-banner-text': '#000',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-3)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-2)',
    '--comity-warning-text': 'var(--mantine-color-orange-4)',
    '--comity-banner-bg': '#fcc419',
    '--comity-banner-text': '#000',
  },
});
