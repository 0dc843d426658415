import { All, Controller } from '@nestjs/common';
import { rawError } from '@app/http/gitlab-errors';

/** GitLab removed API v3 in 11.0 and answers every v3 path with 410. */
@Controller('api/v3')
export class LegacyApiController {
  @All(['', '*'])
  gone(): never {
    throw rawError(410, 'API V3 is no longer supported. Use API V4 instead.');
  }
}
