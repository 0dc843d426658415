import { Module } from '@nestjs/common';
import { GetCurrentUserController } from './get-current-user/get-current-user.controller';
import { GetOwnPersonalAccessTokenController } from './get-own-personal-access-token/get-own-personal-access-token.controller';
import { GetUserController } from './get-user/get-user.controller';

/** Users and their tokens, served from the directory: what clients ask before anything else. */
@Module({ controllers: [GetCurrentUserController, GetUserController, GetOwnPersonalAccessTokenController] })
export class UsersModule {}
