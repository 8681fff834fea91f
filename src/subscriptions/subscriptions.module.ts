import { Global, Module } from '@nestjs/common';
import { SubscriptionSecrets } from './subscription-secrets';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionsController } from './subscriptions.controller';

@Global()
@Module({
  controllers: [SubscriptionsController],
  providers: [SubscriptionRepository, SubscriptionSecrets],
  exports: [SubscriptionRepository, SubscriptionSecrets],
})
export class SubscriptionsModule {}
