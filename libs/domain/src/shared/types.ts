/** ISO-8601 UTC instant with milliseconds, as GitLab renders times: 2022-01-11T14:39:24.000Z */
export type Instant = string;

/** A SHA-256 hex digest of a secret token. Plaintext tokens never enter the domain. */
export type TokenDigest = string;
