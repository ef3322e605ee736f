// Runs the commands the infrastructure steps need, failing loudly with the command's output.
import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Text fed to the command's standard input. */
  input?: string;
  cwd?: string;
  /** Print the command's output as it runs (long steps), instead of only on failure. */
  echo?: boolean;
}

export async function run(command: string, options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], {
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      if (options.echo) process.stdout.write(chunk);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out.trim());
      else reject(new Error(`command failed (${code}): ${command}\n${out.slice(-4000)}`));
    });
    if (child.stdin) {
      child.stdin.on('error', () => {}); // a command may exit before reading its input
      child.stdin.end(options.input);
    }
  });
}

/** Like run, but answers false instead of failing. */
export async function succeeds(command: string): Promise<boolean> {
  try {
    await run(command);
    return true;
  } catch {
    return false;
  }
}
