import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { TEST_DELIVERY } from './delivery-answers.schema';
import { SubscriptionTest } from './subscription-test';

/** Beside the subscriptions API, here because it makes a delivery (delivery sits above subscriptions). */
@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('v1/subscriptions')
export class SubscriptionTestController {
  constructor(private readonly test: SubscriptionTest) {}

  @Post(':id/test')
  @HttpCode(202)
  @RequireScope('subscriptions:write')
  @ApiOperation({
    summary:
      'Hub addition: send a signed hub.subscription.test event (no personal data) to your webhook through the normal delivery path',
  })
  @ApiResponse({
    status: 202,
    description:
      '{ deliveryId (the webhook-id it arrives with), eventId, type: "hub.subscription.test", status: "pending" }',
    schema: TEST_DELIVERY,
  })
  @ApiResponse({ status: 404, description: "No such subscription of yours (another agency's id is 404)" })
  @ApiResponse({ status: 409, description: 'A feed subscription (nothing is sent to it), or one not active' })
  send(@Param('id') id: string, @CurrentCaller() caller: Caller) {
    return this.test.send(caller, id);
  }
}
