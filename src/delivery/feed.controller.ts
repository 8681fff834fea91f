import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { decodeFeedCursor, parseFeedLimit } from './feed-cursor';
import { FeedService } from './feed.service';
import { FEED_PAGE } from './delivery-answers.schema';
import { ApiProblems } from '../common/openapi/problem-schema';

@ApiTags('delivery')
@ApiBearerAuth()
@Controller('v1/feed')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  @Get()
  @RequireScope('feed:read')
  @ApiOperation({
    summary: "Pull mode: events for the caller's feed subscriptions, oldest first, projected by today's agreements",
  })
  @ApiQuery({
    name: 'after',
    required: false,
    description: 'nextCursor of the previous page; absent = from the first event',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 100' })
  @ApiResponse({ status: 200, description: 'OK', schema: FEED_PAGE })
  @ApiProblems([400, 'A bad limit or cursor'])
  async read(@CurrentCaller() caller: Caller, @Query('after') after?: string, @Query('limit') limit?: string) {
    return this.feed.read(caller, decodeFeedCursor(after), parseFeedLimit(limit));
  }
}
