export * from './upcaster';
export * from './upcaster-chain';
export * from './upcasting-event-store';
export * from './upcasting.errors';
