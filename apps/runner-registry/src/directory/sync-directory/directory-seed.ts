import { readFileSync } from 'node:fs';

/** The seed file's shape (snake_case, as GitLab's API names things). Only what the registry uses. */
export interface DirectorySeed {
  readonly settings?: {
    readonly registration_token?: string | null;
    readonly allow_runner_registration_token?: boolean;
    readonly runner_token_expiration_interval?: number | null;
    readonly group_runner_token_expiration_interval?: number | null;
    readonly project_runner_token_expiration_interval?: number | null;
  };
  readonly users?: readonly {
    readonly id: number;
    readonly username: string;
    readonly name?: string;
    readonly admin?: boolean;
    readonly auditor?: boolean;
    readonly email?: string | null;
    readonly created_at?: string | null;
    readonly personal_access_tokens?: readonly {
      readonly token: string;
      readonly id?: number;
      readonly name?: string;
      readonly scopes: readonly string[];
      readonly expires_at?: string | null;
      readonly created_at?: string | null;
    }[];
  }[];
  readonly groups?: readonly {
    readonly id: number;
    readonly name: string;
    readonly path: string;
    readonly parent_id?: number | null;
    readonly runners_token?: string | null;
    readonly allow_runner_registration_token?: boolean;
    readonly runner_token_expiration_interval?: number | null;
    readonly subgroup_runner_token_expiration_interval?: number | null;
    readonly project_runner_token_expiration_interval?: number | null;
    readonly members?: readonly SeedMember[];
  }[];
  readonly projects?: readonly {
    readonly id: number;
    readonly name: string;
    readonly path: string;
    readonly namespace_id: number;
    readonly description?: string | null;
    readonly runners_token?: string | null;
    readonly shared_runners_enabled?: boolean;
    readonly group_runners_enabled?: boolean;
    readonly runner_token_expiration_interval?: number | null;
    readonly members?: readonly SeedMember[];
  }[];
}

export interface SeedMember {
  readonly user_id: number;
  readonly access_level: number;
}

export function readDirectorySeed(file: string): DirectorySeed {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file}: the directory seed must be a JSON object`);
  return parsed as DirectorySeed;
}
