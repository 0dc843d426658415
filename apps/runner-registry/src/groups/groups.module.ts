import { Module } from '@nestjs/common';
import { RunnersSharedModule } from '../runners/shared/runners-shared.module';

/** Runners seen from a group: list, registration token. */
@Module({ imports: [RunnersSharedModule], controllers: [], providers: [] })
export class GroupsModule {}
