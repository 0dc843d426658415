import { Module } from '@nestjs/common';
import { ChangeDirectoryHandler } from './sync-directory/change-directory.handler';
import { DirectoryEventsHandler } from './sync-directory/directory-events.handler';
import { DirectorySeedLoader } from './sync-directory/seed-loader';

/** The directory (users, tokens, groups, projects, settings) kept in sync from the seed file and Kafka. */
@Module({
  providers: [ChangeDirectoryHandler, DirectorySeedLoader, DirectoryEventsHandler],
  exports: [DirectorySeedLoader, DirectoryEventsHandler],
})
export class DirectoryModule {}
