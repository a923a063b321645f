import type {
  EnvelopeReceiptKind,
  FederationCircuitState,
  FederationDeliveryStatus,
  FederationInboxStatus,
  FederationPartnerAvailability,
  FederationPartnerStatus,
} from '@comity/contracts';
import type { z } from 'zod';
import { k } from '../../i18n/index.ts';

/** Labels and colours of the federation states (literal keys: the catalogue test finds them). */
export const partnerStatus: Record<
  z.infer<typeof FederationPartnerStatus>,
  { key: string; color: string }
> = {
  pending: { key: k('federation.partnerStatus.pending'), color: 'yellow' },
  active: { key: k('federation.partnerStatus.active'), color: 'green' },
  suspended: { key: k('federation.partnerStatus.suspended'), color: 'gray' },
};

export const availability: Record<
  z.infer<typeof FederationPartnerAvailability>,
  { key: string; color: string }
> = {
  available: { key: k('federation.availability.available'), color: 'green' },
  degraded: { key: k('federation.availability.degraded'), color: 'orange' },
  unavailable: { key: k('federation.availability.unavailable'), color: 'red' },
};

export const circuit: Record<z.infer<typeof FederationCircuitState>, { key: string; color: string }> = {
  closed: { key: k('federation.circuit.closed'), color: 'gray' },
  open: { key: k('federation.circuit.open'), color: 'red' },
  'half-open': { key: k('federation.circuit.halfOpen'), color: 'orange' },
};

type EnvelopeStatus = z.infer<typeof FederationDeliveryStatus> | z.infer<typeof FederationInboxStatus>;
export const envelopeStatus: Record<EnvelopeStatus, { key: string; color: string }> = {
  pending: { key: k('federation.envelopeStatus.pending'), color: 'blue' },
  delivered: { key: k('federation.envelopeStatus.delivered'), color: 'green' },
  failed: { key: k('federation.envelopeStatus.failed'), color: 'red' },
  waiting: { key: k('federation.envelopeStatus.waiting'), color: 'blue' },
  processed: { key: k('federation.envelopeStatus.processed'), color: 'green' },
};

export const receiptKind: Record<z.infer<typeof EnvelopeReceiptKind>, { key: string; color: string }> = {
  accepted: { key: k('federation.receipt.accepted'), color: 'teal' },
  rejected: { key: k('federation.receipt.rejected'), color: 'red' },
  delivered: { key: k('federation.receipt.delivered'), color: 'green' },
  'not-delivered': { key: k('federation.receipt.notDelivered'), color: 'red' },
  retrieved: { key: k('federation.receipt.retrieved'), color: 'green' },
};

/** The states the envelope listing filters on, per direction (GET /api/federation/envelopes). */
export const envelopeFilters: Record<'out' | 'in', { value: string; key: string }[]> = {
  out: [
    { value: 'queued', key: k('federation.list.queued') },
    { value: 'retrying', key: k('federation.list.retrying') },
    { value: 'delivered', key: k('federation.envelopeStatus.delivered') },
    { value: 'failed', key: k('federation.envelopeStatus.failed') },
  ],
  in: [
    { value: 'stored', key: k('federation.list.stored') },
    { value: 'processed', key: k('federation.envelopeStatus.processed') },
    { value: 'failed', key: k('federation.envelopeStatus.failed') },
  ],
};
