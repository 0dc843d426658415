import { defineParams } from '@app/http';

/** Runner-facing calls authenticate with the runner's own token as a param. */
export const runnerTokenParams = defineParams({ token: { type: 'string', required: true } });
