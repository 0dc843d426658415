import { Module } from '@nestjs/common';
import { ServeConsoleRoute } from './serve-console/serve-console.route';

/** The fleet console's static files (the app itself is apps/fleet-console). */
@Module({ providers: [ServeConsoleRoute] })
export class ConsoleModule {}
