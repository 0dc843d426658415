import { Global, Module } from '@nestjs/common';
import { UserAuthenticator } from './auth/user-authenticator';
import { ContactCache } from './contacts/contact-cache';
import { RedisContactSync } from './contacts/redis-contact-sync';
import { GroupLookup } from './groups/group-lookup';
import { ProjectLookup } from './projects/project-lookup';
import { NewRunnerWriter } from './runners/new-runner-writer';
import { RunnerDetailsService } from './runners/runner-details.service';
import { RunnerIdAllocator } from './runners/runner-id-allocator';
import { ListTurns } from './runners/list-turns';
import { RunnerListResponder } from './runners/runner-list.responder';
import { RunnerLookup } from './runners/runner-lookup';
import { RunnerQueryService } from './runners/runner-query.service';
import { RunnerIndex } from './runners/indexes/runner-index';
import { RunnerStatusService } from './runners/runner-status.service';
import { RunnerTokenAuthenticator } from './runners/runner-token-authenticator';
import { RunnerPresenter } from './runners/runner.presenter';
import { TokenExpiryPolicy } from './runners/token-expiry';
import { UserPresenter } from './users/user.presenter';

const shared = [
  UserAuthenticator,
  ContactCache,
  RedisContactSync,
  GroupLookup,
  ProjectLookup,
  NewRunnerWriter,
  RunnerDetailsService,
  RunnerIdAllocator,
  ListTurns,
  RunnerListResponder,
  RunnerLookup,
  RunnerQueryService,
  RunnerIndex,
  RunnerStatusService,
  RunnerTokenAuthenticator,
  RunnerPresenter,
  TokenExpiryPolicy,
  UserPresenter,
];

/**
 * What the use cases' entry points share over the query models: who is calling (users by token,
 * runners by token), what a path names (runners, projects, groups), the freshest contact, and
 * runners and users rendered as GitLab renders them. Who may do what is not here: each use case asks its pure
 * access policy (libs/domain/src/access) with the facts these services find. Global: every feature module uses it.
 */
@Global()
@Module({ providers: shared, exports: shared })
export class ApiModule {}
