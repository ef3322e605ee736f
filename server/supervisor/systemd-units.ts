// Renders deploy/systemd/*.service for this checkout (paths, accounts, the Node binary) and,
// with --install, writes them to /etc/systemd/system and enables them. `scripts/lab.sh
// install-service` runs it on machines with systemd.
//
//   node server/supervisor/systemd-units.ts [--out DIR] [--install]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { config, projectRoot } from '../config.ts';
import { WEB_NODE_FLAGS } from '../web-node-flags.ts';

export const UNITS = ['mslab-prepare.service', 'mslab-mirror.service', 'mslab-engines.service', 'mslab-web.service'];
const templates = path.join(projectRoot, 'deploy/systemd');

export function unitValues(): Record<string, string> {
  return {
    ROOT: projectRoot,
    NODE: process.execPath,
    WEB_NODE_FLAGS: WEB_NODE_FLAGS.join(' '),
    WEB_USER: config.service.webUser,
    MIRROR_USER: config.service.mirrorUser,
    MIRROR_DIR: config.infra.mirrorDir,
    DB_DIR: path.dirname(config.progressDb),
  };
}

export function renderUnit(template: string, values: Record<string, string>): string {
  const out = template.replace(/@([A-Z_]+)@/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`unknown placeholder ${whole}`);
    return value;
  });
  return out;
}

function main(): void {
  const { values } = parseArgs({ options: { out: { type: 'string' }, install: { type: 'boolean' } } });
  const out = values.install ? '/etc/systemd/system' : (values.out ?? path.join(config.cacheDir, 'systemd'));
  fs.mkdirSync(out, { recursive: true });
  for (const unit of UNITS) {
    fs.writeFileSync(path.join(out, unit), renderUnit(fs.readFileSync(path.join(templates, unit), 'utf8'), unitValues()));
  }
  console.log(`wrote ${UNITS.join(', ')} to ${out}`);
  if (!values.install) return;
  execFileSync('systemctl', ['daemon-reload'], { stdio: 'inherit' });
  execFileSync('systemctl', ['enable', '--now', ...UNITS], { stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
