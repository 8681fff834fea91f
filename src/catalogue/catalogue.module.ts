import { Module } from '@nestjs/common';
import { AsyncApiController } from './asyncapi.controller';
import { ProblemDocsController } from './problem-docs.controller';

@Module({ controllers: [AsyncApiController, ProblemDocsController] })
export class CatalogueModule {}
