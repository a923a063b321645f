import { useLocation } from 'react-router';
import { k } from '../../i18n/index.ts';

/** The lists a request page is opened from, and the words of the link back to each. */
const ORIGINS = [
  { path: '/approvals', label: k('request.backToApprovals') },
  { path: '/tasks', label: k('request.backToTasks') },
  { path: '/inbox', label: k('request.backToInbox') },
  { path: '/requests', label: k('request.back') },
] as const;

interface BackState {
  back?: unknown;
}

/** Router state for a link to a request page: the page it is opened from (with its filters). */
export function useBackState(): BackState {
  const here = useLocation();
  return { back: `${here.pathname}${here.search}` };
}

/**
 * Where "back" leads from a request page: to the list it was opened from (the approval queue, the
 * task board, a worklist with its filters, all requests), else to the list of the side one is on.
 */
export function useBackLink(side: string): { to: string; label: (typeof ORIGINS)[number]['label'] } {
  const state = useLocation().state as BackState | null;
  const back = typeof state?.back === 'string' ? state.back : '';
  const origin = ORIGINS.find((o) => back === o.path || back.startsWith(`${o.path}?`));
  if (origin) return { to: back, label: origin.label };
  return side === 'requesting'
    ? { to: '/requests', label: k('request.back') }
    : { to: '/inbox', label: k('request.backToInbox') };
}
