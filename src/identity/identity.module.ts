import { Module } from '@nestjs/common';
import { IdentityResolver } from './identity-resolver';
import { IdentityReviewsController } from './identity-reviews.controller';

@Module({ controllers: [IdentityReviewsController], providers: [IdentityResolver], exports: [IdentityResolver] })
export class IdentityModule {}
