import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../common/problem';
import { problemCodeOfSlug, problemIndexPage, problemPage } from './problem-pages';

/** `GET /docs/problems/<code>`: the page each problem's `type` names, for the engineer reading the error. */
@ApiExcludeController()
@Public()
@Controller('docs/problems')
export class ProblemDocsController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index(): string {
    return problemIndexPage();
  }

  @Get(':slug')
  @Header('content-type', 'text/html; charset=utf-8')
  problem(@Param('slug') slug: string): string {
    const code = problemCodeOfSlug(slug);
    if (!code) throw new ProblemException('ROUTE_NOT_FOUND', 'There is no problem of that name');
    return problemPage(code);
  }
}
