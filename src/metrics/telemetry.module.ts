import { Global, Module } from '@nestjs/common';
import { HubTelemetry } from './hub-telemetry';
import { RequestTelemetry } from './request-telemetry';

/** The registry and RED series, global so the delivery processor and the clocks can count. */
@Global()
@Module({ providers: [HubTelemetry, RequestTelemetry], exports: [HubTelemetry] })
export class TelemetryModule {}
