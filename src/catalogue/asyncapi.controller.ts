import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { asyncApiYaml } from './asyncapi-document';

@ApiExcludeController()
@Public()
@Controller()
export class AsyncApiController {
  private readonly document = asyncApiYaml();

  @Get('asyncapi.yaml')
  @Header('content-type', 'application/yaml; charset=utf-8')
  catalogue(): string {
    return this.document;
  }
}
