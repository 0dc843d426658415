import { IsDefined, IsInt } from 'class-validator';
import { paramsOf } from '@app/http';

/** lib/api/users.rb `GET /users/:id`; the route itself only matches digits (its `requirements`). */
export class GetUserParams {
  @IsDefined() @IsInt() id: number | null;
}

export const getUserParams = paramsOf(GetUserParams);
