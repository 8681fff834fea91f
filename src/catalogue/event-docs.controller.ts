import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem';
import { eventDataJsonSchema } from './asyncapi-document';
import { eventCataloguePage, eventTypeOfSchemaFile } from './event-pages';
import { PAGE_CSP } from './html-page';

/**
 * `GET /docs/events`: the event catalogue for people; `GET /docs/events/<type>.schema.json`:
 * the JSON Schema of one type's `data`, which each CloudEvent names as its `dataschema`.
 */
@ApiExcludeController()
@Public()
@Controller('docs/events')
export class EventDocsController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', PAGE_CSP)
  index(): string {
    return eventCataloguePage();
  }

  @Get(':file')
  @Header('content-type', 'application/schema+json')
  schema(@Param('file') file: string): object {
    const type = eventTypeOfSchemaFile(file);
    if (!type) throw new ProblemException('ROUTE_NOT_FOUND', 'There is no event type of that name');
    return eventDataJsonSchema(type);
  }
}
