import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AgencyAuthGuard } from './agency-auth.guard';
import { AgencyRegistry } from './agency-registry';
import { HubSigningKey } from './hub-signing-key';
import { JwksController } from './jwks.controller';
import { TokenReplayCache } from './token-replay-cache';
import { TokenVerifier } from './token-verifier';

@Module({
  controllers: [JwksController],
  providers: [
    AgencyRegistry,
    TokenVerifier,
    TokenReplayCache,
    HubSigningKey,
    { provide: APP_GUARD, useClass: AgencyAuthGuard },
  ],
  exports: [AgencyRegistry, TokenVerifier, HubSigningKey],
})
export class AuthModule {}
