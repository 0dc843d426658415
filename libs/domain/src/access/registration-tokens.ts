import type { AccessDirectory } from './access-directory';

/**
 * GitLab's Namespace#allow_runner_registration_token? (app/models/namespace.rb, with
 * app/models/namespace_setting.rb): registration tokens work in a namespace only while the
 * instance allows them (ApplicationSetting#allow_runner_registration_token) and the namespace's
 * root group does too. Without instance settings nothing is allowed; without a root group (the
 * ancestry is empty) only the instance decides.
 */
export function registrationTokensAllowed(directory: Pick<AccessDirectory, 'instanceSettings' | 'groupAncestry'>, namespaceGroupId: number): boolean {
  return instanceAllowsRegistrationTokens(directory) && rootGroupAllowsRegistrationTokens(directory.groupAncestry(namespaceGroupId));
}

export const instanceAllowsRegistrationTokens = (directory: Pick<AccessDirectory, 'instanceSettings'>): boolean =>
  directory.instanceSettings()?.allowRunnerRegistrationToken ?? false;

/** The root group's switch; `ancestry` is the group first, the root last (AccessDirectory.groupAncestry). */
export const rootGroupAllowsRegistrationTokens = (ancestry: readonly { readonly allowRunnerRegistrationToken: boolean }[]): boolean =>
  ancestry.at(-1)?.allowRunnerRegistrationToken ?? true;
