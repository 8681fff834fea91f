import { Module } from '@nestjs/common';
import { AsyncApiController } from './asyncapi.controller';
import { EventDocsController } from './event-docs.controller';
import { ProblemDocsController } from './problem-docs.controller';

@Module({ controllers: [AsyncApiController, EventDocsController, ProblemDocsController] })
export class CatalogueModule {}
