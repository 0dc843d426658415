/** Injection tokens for the ports, so adapters can be swapped by configuration. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const QUERY_MODEL_STORE = Symbol('QUERY_MODEL_STORE');
