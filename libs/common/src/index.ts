export * from './clock';
export * from './deterministic-uuid';
export * from './keyed-serializer';
export * from './periodic-task';
export * from './token-issuer';
export * from './loop-slices';
