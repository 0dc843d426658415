import { IsIn, IsOptional, IsString } from 'class-validator';
import { Default, NoParams, paramsOf } from '@app/http';

/** `GET /runners/status_history` (beyond GitLab): the window, as the console's chart offers it. */
export class StatusHistoryParams extends NoParams {
  @IsOptional() @IsString() @IsIn(['24h', '7d']) @Default('24h') period: '24h' | '7d';
}

export const statusHistoryParams = paramsOf(StatusHistoryParams);
