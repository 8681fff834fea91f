import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { HubMetrics } from './hub-metrics';

@ApiTags('service')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: HubMetrics) {}

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary:
      'Prometheus text: per-agency queue depth and oldest waiting age, open and dead deliveries, outbox lag, process',
  })
  @ApiResponse({
    status: 200,
    description: 'Prometheus text exposition format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  render(): Promise<string> {
    return this.metrics.render();
  }
}
