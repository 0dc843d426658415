/** Moved to the domain library beside the deciders it tests; kept here so older imports still work. */
export { deciderSpec } from '@app/domain/testing';
