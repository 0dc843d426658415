import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DEFAULT_LOOP_SHARE, LoopShareGate } from '@app/http/loop-share-gate';

/**
 * The fleet's polls before people's lists (GitLab's runners page is where a dashboard starves a
 * fleet: gitlab-org/gitlab#354040). Runners' contacts mark the loop urgent; runner lists take
 * turns while it is busy with them, at most a tenth of its time, so a dashboard listing in a loop
 * cannot make runners poll late. On a loop with room, lists never wait.
 */
@Injectable()
export class ListTurns extends LoopShareGate implements OnApplicationShutdown {
  constructor() {
    super(DEFAULT_LOOP_SHARE);
  }

  onApplicationShutdown(): void {
    this.close();
  }
}
