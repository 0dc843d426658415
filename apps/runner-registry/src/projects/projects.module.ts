import { Module } from '@nestjs/common';
import { RunnersSharedModule } from '../runners/shared/runners-shared.module';

/** Runners seen from a project: list, assign, unassign, registration token. */
@Module({ imports: [RunnersSharedModule], controllers: [], providers: [] })
export class ProjectsModule {}
