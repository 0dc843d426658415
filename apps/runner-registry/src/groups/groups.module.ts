import { Module } from '@nestjs/common';
import { ListGroupRunnersController } from './list-group-runners/list-group-runners.controller';

/** Runners seen from a group. */
@Module({ controllers: [ListGroupRunnersController] })
export class GroupsModule {}
