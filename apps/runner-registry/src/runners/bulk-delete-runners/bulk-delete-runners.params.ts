import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsOptional } from 'class-validator';
import { atLeastOneOf, Default, IsCommaSeparatedArray, mutuallyExclusive, NoParams, paramsOf, ParamRules } from '@app/http';
import { RUNNER_FILTER_NAMES, WithRunnerFilters, WithScopeFilter } from '@app/api/runners/runner-list.params';

/** Most runners one call deletes (GitLab's GraphQL `bulkRunnerDelete` takes at most 100 ids). */
export const BULK_DELETE_LIMIT = 1000;

class IdsParams extends NoParams {
  @IsOptional() @IsCommaSeparatedArray() @ArrayMinSize(1) @ArrayMaxSize(BULK_DELETE_LIMIT) ids?: string[] | null;
}

/**
 * `POST /runners/bulk_delete`: either `ids` (at most 1,000: `ids[]=1&ids[]=2`, `ids=1,2` or a JSON
 * array) or the filters of `GET /runners/all`, never both and never neither (an empty call must
 * not mean "everything"); `dry_run` only lists what would go.
 */
@ParamRules(...RUNNER_FILTER_NAMES.map((filter) => mutuallyExclusive('ids', filter)), atLeastOneOf('ids', ...RUNNER_FILTER_NAMES))
export class BulkDeleteRunnersParams extends WithRunnerFilters(WithScopeFilter(IdsParams)) {
  @IsOptional() @IsBoolean() @Default(false) dry_run: boolean;
}

export const bulkDeleteRunnersParams = paramsOf(BulkDeleteRunnersParams);
