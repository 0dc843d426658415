import { Inject, Injectable } from '@nestjs/common';
import type { PersonalAccessToken } from '@app/domain';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import type { UserView } from '@app/projections';

/**
 * Users as GitLab's API entities render them, field for field and in their order, as far as the
 * directory knows them (lib/api/entities/user_safe.rb, user_basic.rb, user.rb, user_public.rb,
 * user_with_admin.rb). The directory holds who a user is, not a profile: everything GitLab keeps
 * beyond that (bio, sign-ins, followers…) shows as a new account's values. Every user is active and
 * unlocked; losing access is a revoked token.
 */
@Injectable()
export class UserPresenter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Entities::UserBasic (UserSafe: id, username, name). */
  basic(user: UserView): Record<string, unknown> {
    return {
      id: user.userId,
      username: user.username,
      name: user.name,
      state: 'active',
      locked: false,
      avatar_url: null,
      web_url: `${this.config.externalUrl}/${user.username}`,
    };
  }

  /**
   * Entities::User: UserBasic with the profile. `created_at` needs `read_user_profile`, which
   * anyone signed in has on a user without a private profile, and no directory user has one.
   */
  user(user: UserView): Record<string, unknown> {
    return {
      ...this.basic(user),
      created_at: user.createdAt,
      bio: '',
      location: '',
      public_email: null,
      skype: '',
      linkedin: '',
      twitter: '',
      discord: '',
      website_url: '',
      organization: '',
      job_title: '',
      pronouns: null,
      bot: false,
      work_information: null,
      followers: 0,
      following: 0,
      is_followed: false,
      local_time: null,
    };
  }

  /** Entities::UserPublic: what a user sees of themselves (`GET /user`). */
  public(user: UserView): Record<string, unknown> {
    return {
      ...this.user(user),
      last_sign_in_at: null,
      confirmed_at: user.createdAt,
      last_activity_on: null,
      email: user.email,
      theme_id: 1,
      color_scheme_id: 1,
      projects_limit: 100000,
      current_sign_in_at: null,
      identities: [],
      can_create_group: true,
      can_create_project: true,
      two_factor_enabled: false,
      external: false,
      private_profile: false,
      commit_email: user.email,
      preferred_language: 'en',
    };
  }

  /** Entities::UserWithAdmin: UserPublic with `is_admin` and the admin note (plus EE's `is_auditor`). */
  withAdmin(user: UserView): Record<string, unknown> {
    return { ...this.public(user), is_admin: user.admin, note: null, is_auditor: user.auditor };
  }

  /**
   * Entities::PersonalAccessTokenWithLastUsedIps, never the token itself. Every token that
   * authenticates is neither revoked nor expired (a revoked one is gone from the directory), so
   * `revoked` is false and `active` true. `expires_at` is a date, as GitLab's column is.
   */
  personalAccessToken(token: PersonalAccessToken, user: UserView): Record<string, unknown> {
    return {
      id: token.tokenId,
      name: token.name,
      revoked: false,
      created_at: token.createdAt,
      description: null,
      scopes: token.scopes,
      user_id: user.userId,
      last_used_at: null,
      active: true,
      expires_at: token.expiresAt === null ? null : token.expiresAt.slice(0, 10),
    };
  }
}
