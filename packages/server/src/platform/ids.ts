import { uuidv7 } from 'uuidv7';

/** UUIDv7: time-ordered, so ids sort by creation and stay unique across federated nodes. */
export const newId = (): string => uuidv7();
