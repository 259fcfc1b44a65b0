/**
 * `frontdesk` command-line tool: `npm run -s cli -- <command> --kind <kind> --url <base> --user <u> --password <p>`.
 * See USAGE in ./args for the commands; JSON on stdout, one JSON error line on stderr, exit codes in ./exit-codes.
 */
import { writeFile } from 'node:fs/promises';
import { runCli } from './run';

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}

// a closed pipe (e.g. `| head`) must not crash the process with an unhandled 'error'
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

const code = await runCli(process.argv.slice(2), {
  // loaded only after the arguments are valid: usage errors and --help stay fast
  createDriver: async (config) => (await import('../drivers')).createDriver(config),
  stdout: (t) => write(process.stdout, t),
  stderr: (t) => write(process.stderr, t),
  writeFile: (path, bytes) => writeFile(path, bytes),
  env: process.env,
});
process.exitCode = code;
// drivers close their sockets; should anything still hold the event loop, do not hang a script
setTimeout(() => process.exit(code), 2000).unref();
