import { Inject, Injectable, Logger } from '@nestjs/common';
import { join } from 'node:path';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { readYamlFolder } from '../common/yaml-files';
import type { Agreement } from './agreement';
import { parseAgreement } from './agreement-parser';

/** Every agreement in `<HUB_CONFIG_DIR>/agreements`; the hub refuses to start on an invalid one. */
@Injectable()
export class AgreementRegistry {
  private readonly logger = new Logger(AgreementRegistry.name);
  private readonly agreements: Agreement[] = [];

  constructor(@Inject(HUB_ENVIRONMENT) env: HubEnvironment) {
    const problems: string[] = [];
    for (const { file, content } of readYamlFolder(join(env.configDir, 'agreements'))) {
      const parsed = parseAgreement(file, content);
      problems.push(...parsed.problems.map((p) => `${file}: ${p}`));
      if (!parsed.agreement) continue;
      if (this.agreements.some((a) => a.id === parsed.agreement!.id)) problems.push(`${file}: id: ${parsed.agreement.id} is defined twice`);
      this.agreements.push(parsed.agreement);
    }
    if (problems.length) throw new Error(`Invalid data-sharing agreement(s):\n  - ${problems.join('\n  - ')}`);
    this.logger.log(`Loaded ${this.agreements.length} data-sharing agreements`);
  }

  all(): Agreement[] {
    return this.agreements;
  }

  find(id: string): Agreement | undefined {
    return this.agreements.find((a) => a.id === id);
  }
}
