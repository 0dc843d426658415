import { Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ProjectionEngine } from '@app/projections';
import { NamespaceAccess } from '../auth/namespace-access';
import { UserAuthenticator } from '../auth/user-authenticator';
import { CommandExecutor } from '../infrastructure/command-executor';
import { DirectorySeedLoader } from './seed-loader';

/** Query models first, then the seed: the loader decides against the directory as it already is. */
@Injectable()
class DirectoryBootstrap implements OnApplicationBootstrap {
  constructor(private readonly engine: ProjectionEngine, private readonly seed: DirectorySeedLoader) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.engine.start();
    await this.seed.load();
  }
}

@Module({
  providers: [CommandExecutor, DirectorySeedLoader, DirectoryBootstrap, UserAuthenticator, NamespaceAccess],
  exports: [CommandExecutor, UserAuthenticator, NamespaceAccess],
})
export class DirectoryModule {}
