import { Injectable } from '@nestjs/common';
import { forbidden } from '@app/http/gitlab-errors';
import { RunnersProjection, type RunnerView } from '@app/projections';
import { Clock } from '@app/common/clock';
import { digestToken } from '@app/common/token-issuer';

/** Finds the runner a runner-facing call speaks for. Unknown and expired tokens find nothing, as in GitLab. */
@Injectable()
export class RunnerTokenAuthenticator {
  constructor(private readonly runners: RunnersProjection, private readonly clock: Clock) {}

  find(token: string): RunnerView | undefined {
    return this.findByDigest(digestToken(token));
  }

  findByDigest(tokenDigest: string): RunnerView | undefined {
    const runner = this.runners.getByTokenDigest(tokenDigest);
    if (!runner) return undefined;
    if (runner.tokenExpiresAt !== null && Date.parse(runner.tokenExpiresAt) <= this.clock.now().getTime()) return undefined;
    return runner;
  }

  /** GitLab answers a bad or expired runner token with a bare 403. */
  require(token: string | null): RunnerView {
    const runner = token ? this.find(token) : undefined;
    if (!runner) throw forbidden();
    return runner;
  }
}
