#!/usr/bin/env node
import 'reflect-metadata';
import { EnvironmentError } from '../../config/environment';
import { auditCheckpoint, auditVerify } from './audit.commands';
import { EXIT, type CliCommand, type CliIo } from './cli-io';
import { configValidate } from './config-validate.command';
import { importCommand } from './import.command';
import { keysRetire, keysRotate } from './keys.commands';
import { replay } from './replay.command';

/** The operator CLI (`hub`, package.json bin): each command with --help. */
export const COMMANDS: CliCommand[] = [
  configValidate,
  auditVerify,
  auditCheckpoint,
  importCommand,
  replay,
  keysRotate,
  keysRetire,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: hub COMMAND [options]   (hub COMMAND --help for more)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`Usage: ${command.usage}\n\n${command.help}`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof EnvironmentError) {
      io.err(e.message);
      return EXIT.config;
    }
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(e as Error).message}\nUsage: ${command.usage}`);
      return EXIT.usage;
    }
    io.err(`${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.failed;
  }
}

// Run when executed (node dist/src/cli/hub-cli.js or the `hub` bin), not when imported by tests.
if (typeof require !== 'undefined' && require.main === module) {
  const io: CliIo = {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(EXIT.failed);
    },
  );
}
