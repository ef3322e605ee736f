// The two engine calls the analysis makes, with the build's signal on the request itself
// (dockerode's getImage().get() and history() take no abort signal).
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';

export interface HistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Size: number;
  Comment: string;
}

interface Dial {
  dial(options: object, callback: (error: unknown, data: unknown) => void): void;
}

function dial<T>(docker: Docker, options: object): Promise<T> {
  return new Promise((resolve, reject) => (docker.modem as unknown as Dial).dial(options, (error, data) => (error ? reject(error) : resolve(data as T))));
}

/**
 * `docker save` of one image, as a stream (GET /images/{name}/get); the signal ends it at any
 * point. The analysis reads it through image-save-socket.ts instead; bench/image-analysis.ts
 * streams it to nowhere with this for its I/O floor.
 */
export function saveImage(docker: Docker, imageId: string, signal: AbortSignal): Promise<Readable> {
  return dial<Readable>(docker, { path: `/images/${imageId}/get`, method: 'GET', isStream: true, abortSignal: signal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } });
}

/** `docker history`, newest entry first, as the engine reports it. */
export function imageHistory(docker: Docker, imageId: string, signal: AbortSignal): Promise<HistoryEntry[]> {
  return dial<HistoryEntry[]>(docker, { path: `/images/${imageId}/history`, method: 'GET', abortSignal: signal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } });
}
