// Learner builds reach the npm mirror and nothing else on the host. Only this machine's own
// addresses are probed: the sandbox network's gateway (the host) and the mirror on it.
import Docker from 'dockerode';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../server/config.ts';
import { BuildClient, isType, startBuildServer, type TestServer } from '../support/build-socket-client.ts';

let server: TestServer;
let client: BuildClient;
let hostService: http.Server;
beforeAll(async () => {
  server = await startBuildServer();
  client = await BuildClient.connect(server.url);
  // A service on the host, listening on every address, that a build must not reach.
  hostService = http.createServer((_req, res) => res.end('host secret'));
  await new Promise<void>((resolve) => hostService.listen(0, '0.0.0.0', resolve));
});
afterAll(async () => {
  client.close();
  await server.close();
  hostService.close();
});

const probe = (host: string, port: number) =>
  `const s=require('net').connect(${port},'${host}');s.setTimeout(3000);` +
  `s.on('connect',()=>{console.log('PROBE ${host}:${port} open');process.exit(0)});` +
  `s.on('timeout',()=>{console.log('PROBE ${host}:${port} blocked');process.exit(0)});` +
  `s.on('error',e=>{console.log('PROBE ${host}:${port} blocked '+e.code);process.exit(0)})`;

describe('sandbox network', () => {
  it('is an internal Docker network (no route out)', async () => {
    const network = await new Docker().getNetwork(config.infra.network).inspect();
    expect(network.Internal).toBe(true);
    const sandbox = await new Docker().getContainer(config.infra.sandboxContainer).inspect();
    expect(Object.keys(sandbox.NetworkSettings.Networks)).toEqual([config.infra.network]);
    expect(sandbox.HostConfig.Memory).toBeGreaterThan(0);
    expect(sandbox.HostConfig.PidsLimit).toBeGreaterThan(0);
    expect(sandbox.HostConfig.NanoCpus).toBeGreaterThan(0);
  });

  it('lets a build reach the mirror and not the host', async () => {
    const hostPort = (hostService.address() as AddressInfo).port;
    const dockerfile = [
      'FROM node:18-alpine',
      `RUN node -e "require('http').get('http://${config.sandbox.registryHost}:${config.sandbox.registryPort}/-/ping', r => console.log('MIRROR', r.statusCode))"`,
      `RUN node -e "${probe(config.infra.gateway, hostPort)}"`,
      `RUN echo ${Date.now()}`,
      '',
    ].join('\n');
    const { result, messages } = await client.build('multistage-node', dockerfile);
    const output = messages.map((r) => r.message).filter(isType('log')).map((m) => m.text).join('');
    expect(result.ok).toBe(true);
    expect(output).toContain('MIRROR 200');
    expect(output).toContain(`PROBE ${config.infra.gateway}:${hostPort} blocked`);
  });
});
