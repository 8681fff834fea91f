import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HttpTracingInterceptor } from '../tracing/http-tracing.interceptor';
import { HubTelemetry } from './hub-telemetry';
import { RequestTelemetry } from './request-telemetry';

/** The registry and RED series (global, so the delivery processor and the clocks can count), and a trace span per request. */
@Module({
  providers: [HubTelemetry, RequestTelemetry, { provide: APP_INTERCEPTOR, useClass: HttpTracingInterceptor }],
  exports: [HubTelemetry],
})
export class TelemetryModule {}
