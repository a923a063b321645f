// Applies the saved colour scheme before the first paint, so there is no flash of the wrong theme.
// Same storage key as the Mantine colour-scheme manager in src/app/App.tsx.
(() => {
  let dark = false;
  try {
    const saved = localStorage.getItem('comity.color-scheme');
    dark =
      saved === 'dark' || (saved !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  } catch (_e) {
    dark = false;
  }
  document.documentElement.setAttribute('data-mantine-color-scheme', dark ? 'dark' : 'light');
})();
