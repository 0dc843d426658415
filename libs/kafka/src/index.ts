export * from './kafka-relay';
export * from './checkpoint';
export * from './file-checkpoint';
export * from './cloud-event';
