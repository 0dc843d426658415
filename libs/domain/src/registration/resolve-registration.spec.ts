import { describe, expect, it } from '@jest/globals';
import { resolveRegistration } from './resolve-registration';

describe('registration token resolution', () => {
  it('registers an instance runner with the instance token', () => {
    expect(resolveRegistration({ scope: 'instance' }, true)).toEqual({ outcome: 'register', runnerType: 'instance_type', groupId: null, projectId: null });
  });

  it('answers invalid for an unknown token', () => {
    expect(resolveRegistration(undefined, true)).toEqual({ outcome: 'invalid_token' });
  });

  it('answers disallowed for every token, even garbage, when the instance disallows registration', () => {
    expect(resolveRegistration(undefined, false)).toEqual({ outcome: 'disallowed' });
    expect(resolveRegistration({ scope: 'instance' }, false)).toEqual({ outcome: 'disallowed' });
  });

  it('answers disallowed for group and project tokens under a root group that disallows it', () => {
    expect(resolveRegistration({ scope: 'project', projectId: 3, rootAllowsRegistration: false }, true)).toEqual({ outcome: 'disallowed' });
    expect(resolveRegistration({ scope: 'group', groupId: 20, rootAllowsRegistration: false }, true)).toEqual({ outcome: 'disallowed' });
    expect(resolveRegistration({ scope: 'group', groupId: 9, rootAllowsRegistration: true }, true)).toEqual({
      outcome: 'register', runnerType: 'group_type', groupId: 9, projectId: null,
    });
  });
});
