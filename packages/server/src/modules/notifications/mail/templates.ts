import type { Notification } from '../notifications.service.ts';

// E-mails carry a neutral reference and a link, never operational details (no titles, names,
// states, offences, measures or agencies): whoever reads the mailbox learns only that there is
// something to see in Comity.

const SUBJECT: Record<Notification['kind'], (ref: string) => string> = {
  'action-needed': (ref) => `Comity: ${ref} needs your action`,
  transition: (ref) => `Comity: ${ref} was updated`,
  reminder: (ref) => `Comity: a deadline on ${ref} is near`,
  escalation: (ref) => `Comity: a deadline on ${ref} has passed`,
  task: (ref) => `Comity: a task on ${ref} for your agency`,
  'task-done': (ref) => `Comity: a task you assigned on ${ref} is done`,
  digest: () => 'Comity: your daily list of items due',
};

export function mailFor(n: Pick<Notification, 'kind' | 'reference' | 'link'>): {
  subject: string;
  text: string;
} {
  return {
    subject: SUBJECT[n.kind](n.reference),
    text: [
      n.kind === 'digest'
        ? 'Items on your Comity worklist are due soon or overdue.'
        : `Reference: ${n.reference}`,
      '',
      `Sign in to Comity to see it: ${n.link}`,
      '',
      'This message carries no case details by design.',
    ].join('\n'),
  };
}
