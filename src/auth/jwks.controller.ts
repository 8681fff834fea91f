import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './auth.decorators';
import { HubSigningKey } from './hub-signing-key';

@ApiTags('service')
@Controller()
export class JwksController {
  constructor(private readonly key: HubSigningKey) {}

  @Public()
  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: "The hub's public signing keys: verify a delivery's v1a signature with these" })
  jwks() {
    return { keys: this.key.publishedJwks() };
  }
}
