import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config.ts';
import { WEB_NODE_FLAGS } from '../web-node-flags.ts';
import { renderUnit, UNITS, unitValues } from './systemd-units.ts';

const template = (unit: string) => fs.readFileSync(path.join(projectRoot, 'deploy/systemd', unit), 'utf8');

describe('systemd units', () => {
  it('fills every placeholder of every unit with this checkout', () => {
    for (const unit of UNITS) {
      const text = renderUnit(template(unit), unitValues());
      expect(text, unit).not.toMatch(/@[A-Z_]+@/);
      expect(text, unit).toContain(`ExecStart=${process.execPath} `);
    }
  });

  it('runs the web server and the mirror as their own accounts, restarted forever, after what they need', () => {
    const web = renderUnit(template('mslab-web.service'), unitValues());
    expect(web).toMatch(/^User=mslab$/m);
    expect(web).toContain(`ExecStart=${process.execPath} ${WEB_NODE_FLAGS.join(' ')} server/main.ts`);
    expect(web).toMatch(/^Restart=always$/m);
    expect(web).toMatch(/^StartLimitIntervalSec=0$/m);
    expect(web).toMatch(/^After=mslab-engines\.service mslab-mirror\.service$/m);
    const mirror = renderUnit(template('mslab-mirror.service'), unitValues());
    expect(mirror).toMatch(/^User=mslab-mirror$/m);
    expect(mirror).toMatch(/^Restart=always$/m);
    expect(renderUnit(template('mslab-prepare.service'), unitValues())).toContain('--no-mirror-process');
  });

  it('refuses a placeholder it does not know', () => {
    expect(() => renderUnit('ExecStart=@NOPE@', unitValues())).toThrow(/unknown placeholder @NOPE@/);
  });
});
