import { All, Controller } from '@nestjs/common';
import { rawError } from '@app/http/gitlab-errors';
import { describeRoute } from '@app/http';

for (const url of ['/api/v3', '/api/v3/*']) {
  describeRoute(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'], url, {
    summary: 'API v3, removed in GitLab 11.0',
    tag: 'legacy',
    auth: 'none',
    responses: {},
    errors: { 410: '`{"error":"API V3 is no longer supported. Use API V4 instead."}`' },
  });
}

/** GitLab removed API v3 in 11.0 and answers every v3 path with 410. */
@Controller('api/v3')
export class LegacyApiController {
  @All(['', '*'])
  gone(): never {
    throw rawError(410, 'API V3 is no longer supported. Use API V4 instead.');
  }
}
