import { Logger } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnvironment } from '../../config/environment';
import { AgreementRegistry } from '../agreements/agreement-registry';
import { AgencyRegistry } from '../auth/agency-registry';
import { EXIT, type CliCommand } from './cli-io';

/**
 * The same checks the hub makes at start-up (every agency, its JWKS, every agreement), run in
 * CI before a deploy instead of in a crash-looping pod after it.
 */
export const configValidate: CliCommand = {
  name: 'config:validate',
  summary: 'check a configuration directory (agencies, JWKS, agreements) as the hub would at start',
  usage: 'hub config:validate DIR',
  help: "Loads DIR/agencies/*.yaml (with their JWKS) and DIR/agreements/*.yaml with the hub's own loaders.\nExit 0 when the hub would start with them; 78 naming each bad file and field otherwise.",
  async run(args, io) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1) {
      io.err(`Usage: ${this.usage}`);
      return EXIT.usage;
    }
    const dir = resolve(positionals[0]);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      io.err(`${dir} is not a directory`);
      return EXIT.usage;
    }
    const env = loadEnvironment({ ...io.env, HUB_CONFIG_DIR: dir });
    Logger.overrideLogger(false);
    const problems: string[] = [];
    let agencies = 0;
    let agreements = 0;
    try {
      agencies = new AgencyRegistry(env).all().length;
    } catch (e) {
      problems.push((e as Error).message);
    }
    try {
      agreements = new AgreementRegistry(env).all().length;
    } catch (e) {
      problems.push((e as Error).message);
    }
    if (problems.length) {
      for (const p of problems) io.err(p);
      return EXIT.config;
    }
    io.out(`${dir}: ${agencies} agencies and ${agreements} agreements are valid`);
    return EXIT.ok;
  },
};
