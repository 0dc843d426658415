/** GitLab's RunnerRegistrationDetails: the plaintext token appears here and nowhere else. */
export interface RegistrationDetails {
  readonly id: number;
  readonly token: string;
  readonly token_expires_at: string | null;
}

/** GitLab's ResetTokenResult for an expirable (runner authentication) token. */
export interface ResetTokenResult {
  readonly token: string;
  readonly token_expires_at: string | null;
}
