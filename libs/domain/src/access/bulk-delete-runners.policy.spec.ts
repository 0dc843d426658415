import { describe, expect, it } from '@jest/globals';
import { bulkDeleteRunnersRefusal } from './bulk-delete-runners.policy';

const principal = (admin: boolean, auditor: boolean) => ({ userId: 1, admin, auditor });

describe('bulkDeleteRunnersRefusal', () => {
  it('given an administrator, when deleting in bulk, then nothing is refused', () => {
    expect(bulkDeleteRunnersRefusal(principal(true, false))).toBeNull();
  });

  it.each([
    ['an auditor (reads everything, deletes nothing)', principal(false, true)],
    ['anyone else', principal(false, false)],
  ])('given %s, then access.denied', (_label, who) => {
    expect(bulkDeleteRunnersRefusal(who)).toMatchObject({ code: 'access.denied' });
  });
});
