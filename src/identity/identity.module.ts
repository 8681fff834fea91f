import { Module } from '@nestjs/common';
import { IdentityResolver } from './identity-resolver';

@Module({ providers: [IdentityResolver], exports: [IdentityResolver] })
export class IdentityModule {}
