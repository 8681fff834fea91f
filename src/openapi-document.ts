import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { HubEnvironment } from '../config/environment';
import { DtoSchemas } from './common/openapi/dto-schema';
import { addNamedSchemas } from './common/openapi/named-schemas';
import { operationId } from './common/openapi/operation-ids';
import { tidyOperations } from './common/openapi/tidy-operations';
import { INBOUND_ADAPTERS } from './ingestion/inbound-adapter.port';
import { describeInboundSources } from './ingestion/inbound-sources';

/**
 * /openapi.json, the integrator's source (docs/adr/0019-openapi-from-the-validating-dtos.md):
 * a typed client generated from it must compile against, and be accepted by, this hub.
 */
export function buildOpenApiDocument(app: INestApplication, env: HubEnvironment): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Information-sharing hub for public protection')
    .setDescription(
      'Agencies push court outcomes, police, probation, prison custody and passport-watchlist messages; the hub keeps one canonical ' +
        'record per person, with who is responsible for them now (responsibility facts with periods: a subject is seen only by its current areas), ' +
        'and delivers signed events under data-sharing agreements. Errors are RFC 9457 problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'ES256 or EdDSA; iss = agency id, aud = HUB_AUDIENCE, exp at most 10 minutes after iat and after the hub clock, iat not ahead of it by more than 60 s. ' +
        'jti is optional; an inbound write token that carries one is single-use (a replay is 401).',
    })
    // HUB_PUBLIC_URL where the deployment has one; otherwise the address the document was fetched from.
    .addServer(env.publicUrl ?? '/')
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationId });
  addNamedSchemas(document);
  describeInboundSources(document, app.get(INBOUND_ADAPTERS), new DtoSchemas(document.components!.schemas));
  tidyOperations(document);
  return document;
}
