import { defineParams } from '@app/http';

/** `GET /runners/status_history` (beyond GitLab): the window, as the console's chart offers it. */
export const statusHistoryParams = defineParams({
  period: { type: 'string', values: ['24h', '7d'], default: '24h' },
});
