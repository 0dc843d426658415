export * from './gitlab-errors';
export * from './gitlab-exception.filter';
export * from './gitlab-fastify';
export * from './grape-params';
export { commaSeparatedToArray } from './grape-coercions';
export * from './offset-pagination';
export * from './rack-params';
export * from './rails-query';
export * from './request-params';
