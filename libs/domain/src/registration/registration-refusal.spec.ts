import { describe, expect, it } from '@jest/globals';
import { registrationRefusal } from './registration-refusal';

describe('refusing a registration', () => {
  it('refuses an unknown token and a disallowed one by their codes, with the messages the service always logged', () => {
    expect(registrationRefusal({ outcome: 'invalid_token' })).toMatchObject({ code: 'registration.invalid_token', kind: 'forbidden', message: 'invalid token supplied' });
    expect(registrationRefusal({ outcome: 'disallowed' })).toMatchObject({ code: 'registration.disallowed', kind: 'gone', message: 'runner registration disallowed' });
  });

  it('lets a resolved registration through', () => {
    expect(registrationRefusal({ outcome: 'register', runnerType: 'instance_type', groupId: null, projectId: null })).toBeNull();
  });
});
