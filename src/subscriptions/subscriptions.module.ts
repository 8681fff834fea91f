import { Global, Module } from '@nestjs/common';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionsController } from './subscriptions.controller';

@Global()
@Module({ controllers: [SubscriptionsController], providers: [SubscriptionRepository], exports: [SubscriptionRepository] })
export class SubscriptionsModule {}
