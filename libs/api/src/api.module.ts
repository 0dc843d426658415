import { Global, Module } from '@nestjs/common';
import { NamespaceAccess } from './auth/namespace-access';
import { UserAuthenticator } from './auth/user-authenticator';
import { ContactCache } from './contacts/contact-cache';
import { RedisContactSync } from './contacts/redis-contact-sync';
import { GroupLookup } from './groups/group-lookup';
import { AssignmentAccess } from './projects/assignment-access';
import { ProjectLookup } from './projects/project-lookup';
import { NewRunnerWriter } from './runners/new-runner-writer';
import { RunnerAccess } from './runners/runner-access';
import { RunnerDetailsService } from './runners/runner-details.service';
import { RunnerIdAllocator } from './runners/runner-id-allocator';
import { RunnerListResponder } from './runners/runner-list.responder';
import { RunnerLookup } from './runners/runner-lookup';
import { RunnerQueryService } from './runners/runner-query.service';
import { RunnerStatusService } from './runners/runner-status.service';
import { RunnerTokenAuthenticator } from './runners/runner-token-authenticator';
import { RunnerPresenter } from './runners/runner.presenter';
import { TokenExpiryPolicy } from './runners/token-expiry';

const shared = [
  UserAuthenticator,
  NamespaceAccess,
  ContactCache,
  RedisContactSync,
  GroupLookup,
  ProjectLookup,
  AssignmentAccess,
  NewRunnerWriter,
  RunnerAccess,
  RunnerDetailsService,
  RunnerIdAllocator,
  RunnerListResponder,
  RunnerLookup,
  RunnerQueryService,
  RunnerStatusService,
  RunnerTokenAuthenticator,
  RunnerPresenter,
  TokenExpiryPolicy,
];

/**
 * What the use cases' entry points share over the query models: who is calling (users by token,
 * runners by token), what a path names (runners, projects, groups), who may see what, the freshest
 * contact, and runners rendered as GitLab renders them. Global: every feature module uses it.
 */
@Global()
@Module({ providers: shared, exports: shared })
export class ApiModule {}
