// `npm run instructor:add -- --email ada@example.org --name "Ada Lovelace"`: creates an
// instructor account in the progress database (MSLAB_DB), or sets a new password for an
// existing one (which ends its open sessions). The password is typed (not echoed) or piped on
// standard input, never given as an argument (other users could read it in the process list).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { config } from '../config.ts';
import { ProgressStore } from '../progress/progress-store.ts';
import { InstructorStore } from './instructor-store.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password.ts';

const argsSchema = z.object({
  email: z.string({ error: '--email is missing' }).trim().email('--email: an email address, e.g. ada@example.org'),
  name: z.string({ error: '--name is missing: the name shown on the dashboard' }).trim().min(1).max(80),
});

function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stdout.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let text = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stdout.write('\n');
          resolve(text);
          return;
        }
        if (char === '\u0003') {
          input.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        text = char === '\u007f' ? text.slice(0, -1) : text + char;
      }
    };
    input.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let piped = '';
    for await (const chunk of process.stdin) piped += String(chunk);
    return piped.split('\n')[0]!.replace(/\r$/, '');
  }
  const first = await readHidden('Password: ');
  const again = await readHidden('Password again: ');
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
const args = argsSchema.safeParse(values);
if (!args.success) {
  console.error(`instructor:add: ${args.error.issues.map((i) => i.message).join('; ')}\nusage: npm run instructor:add -- --email ada@example.org --name "Ada Lovelace"`);
  process.exit(2);
}
const password = await readPassword();
if (password.length < MIN_PASSWORD_LENGTH) {
  console.error(`instructor:add: the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  process.exit(2);
}
const progress = new ProgressStore(config.progressDb);
const { created, instructor } = new InstructorStore(progress.database()).upsert(args.data.email, args.data.name, await hashPassword(password));
progress.close();
console.log(`${created ? 'Created' : 'Updated the password of'} instructor ${instructor.email} (${instructor.name}) in ${config.progressDb}. Log in at /instructor/login/`);
