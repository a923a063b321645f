import type { FederatedEvidence } from '../../../evidence/federated-evidence.ts';

/**
 * What the lifecycle uses of the evidence module for evidence crossing nodes (node.ts passes
 * `evidence.federated`): the executing side offers real evidence items, the requesting side takes
 * pulled files into its encrypted store. The lifecycle never touches evidence tables or files.
 */
export type EvidencePort = Pick<FederatedEvidence, 'prepareOffer' | 'recordOffer' | 'receive'>;
export type { OfferedFile } from '../../../evidence/federated-evidence.ts';
