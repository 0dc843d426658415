import type { FastifyRequest } from 'fastify';
import { LEGACY_SYSTEM_ID, type Heartbeat, type ManagerInfo } from '@app/domain';
import { clientIp } from './client-ip';

/**
 * A runner call as a heartbeat: its manager (`system_id`, or GitLab's shared `<legacy>` one for
 * runners that send none), the client address, and the details if the call carries any.
 */
export function heartbeatFromRequest(
  request: FastifyRequest,
  systemId: string | null | undefined,
  now: Date,
  details: { info: ManagerInfo | null; finishCreation: boolean } = { info: null, finishCreation: false },
): Heartbeat {
  return { systemId: systemId || LEGACY_SYSTEM_ID, info: details.info, ipAddress: clientIp(request), finishCreation: details.finishCreation, now: now.toISOString() };
}
