import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import { Public } from './auth.decorators';
import { HubSigningKey } from './hub-signing-key';
import { anyObject, listOf, objectOf } from '../common/openapi/named-schemas';

@ApiTags('service')
@Controller()
export class JwksController {
  constructor(private readonly key: HubSigningKey) {}

  @Public()
  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: "The hub's public signing keys: verify a delivery's v1a signature with these" })
  @ApiResponse({
    status: 200,
    description: 'OK',
    schema: objectOf('A JWKS of the hub’s public Ed25519 keys', { keys: listOf(anyObject('A public JWK')) }, ['keys']),
  })
  jwks() {
    return { keys: this.key.publishedJwks() };
  }
}
