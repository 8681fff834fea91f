import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { join } from 'node:path';
import { HUB_ENVIRONMENT, type HubEnvironment } from '../../config/environment';
import { AgencyRegistry } from '../auth/agency-registry';
import { readYamlFolder } from '../common/yaml-files';
import type { Agreement } from './agreement';
import { parseAgreement } from './agreement-parser';

/** Every agreement in `<HUB_CONFIG_DIR>/agreements`; the hub refuses to start on an invalid one. */
@Injectable()
export class AgreementRegistry {
  private readonly logger = new Logger(AgreementRegistry.name);
  private readonly agreements: Agreement[] = [];

  constructor(@Inject(HUB_ENVIRONMENT) env: HubEnvironment, @Optional() agencies?: AgencyRegistry) {
    const problems: string[] = [];
    for (const { file, content } of readYamlFolder(join(env.configDir, 'agreements'))) {
      const parsed = parseAgreement(file, content);
      problems.push(...parsed.problems.map((p) => `${file}: ${p}`));
      if (!parsed.agreement) continue;
      if (this.agreements.some((a) => a.id === parsed.agreement!.id))
        problems.push(`${file}: id: ${parsed.agreement.id} is defined twice`);
      // A recipient nobody can sign for is a typo that would silently share with no one (or,
      // once someone adds that id, with whoever it turns out to be).
      parsed.agreement.recipients.forEach((r, i) => {
        if (agencies && !agencies.find(r))
          problems.push(`${file}: recipients[${i}]: ${r} is not an agency the hub knows`);
      });
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
