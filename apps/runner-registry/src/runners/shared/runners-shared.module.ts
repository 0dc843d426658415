import { Module } from '@nestjs/common';
import { DirectoryModule } from '../../directory/directory.module';
import { ContactCache } from '../../heartbeats/contact-cache';
import { NewRunnerWriter } from './new-runner-writer';
import { RunnerAccess } from './runner-access';
import { RunnerDetailsService } from './runner-details.service';
import { RunnerIdAllocator } from './runner-id-allocator';
import { RunnerListResponder } from './runner-list.responder';
import { RunnerLookup } from './runner-lookup';
import { RunnerQueryService } from './runner-query.service';
import { RunnerStatusService } from './runner-status.service';
import { RunnerTokenAuthenticator } from './runner-token-authenticator';
import { RunnerPresenter } from './runner.presenter';
import { TokenExpiryPolicy } from './token-expiry';

const shared = [
  ContactCache,
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

/** Runner services every runner-related feature uses (runners, projects' and groups' runners, user runners). */
@Module({ imports: [DirectoryModule], providers: shared, exports: [DirectoryModule, ...shared] })
export class RunnersSharedModule {}
