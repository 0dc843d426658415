import { Module } from '@nestjs/common';
import { RunnersSharedModule } from '../runners/shared/runners-shared.module';
import { ListGroupRunnersController } from './list-group-runners/list-group-runners.controller';
import { ResetGroupRegistrationTokenController } from './reset-group-registration-token/reset-group-registration-token.controller';
import { GroupLookup } from './shared/group-lookup';

/** Runners seen from a group: list, registration token. */
@Module({
  imports: [RunnersSharedModule],
  controllers: [ListGroupRunnersController, ResetGroupRegistrationTokenController],
  providers: [GroupLookup],
})
export class GroupsModule {}
