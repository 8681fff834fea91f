import { Module } from '@nestjs/common';
import { SubscriptionSecrets } from './subscription-secrets';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionsController } from './subscriptions.controller';
import { AgreementsModule } from '../agreements/agreements.module';

@Module({
  imports: [AgreementsModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionRepository, SubscriptionSecrets],
  exports: [SubscriptionRepository, SubscriptionSecrets],
})
export class SubscriptionsModule {}
