import { defineParams } from '@app/http';

/** lib/api/users.rb `GET /users/:id`; the route itself only matches digits (its `requirements`). */
export const getUserParams = defineParams({
  id: { type: 'integer', required: true },
});
