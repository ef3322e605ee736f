import { describe, expect, it } from 'vitest';
import { dockerfileFacts, normalizeImage } from './dockerfile-facts.ts';

describe('dockerfileFacts', () => {
  it('counts stages and finds the final base through stage names', () => {
    expect(dockerfileFacts('FROM golang:1.19 AS builder\nRUN go build\nFROM alpine:3\n')).toEqual({ stages: 2, finalBase: 'alpine:3' });
    expect(dockerfileFacts('FROM node:18-alpine AS base\nFROM node:18 AS build\nFROM base\n')).toEqual({ stages: 3, finalBase: 'node:18-alpine' });
    expect(dockerfileFacts('FROM Node:18 as Builder\nFROM builder\n').finalBase).toBe('Node:18');
    expect(dockerfileFacts('# nothing\n')).toEqual({ stages: 0, finalBase: undefined });
  });

  it('normalizes image references', () => {
    expect(normalizeImage('docker.io/library/node:18-alpine')).toBe('node:18-alpine');
    expect(normalizeImage('alpine')).toBe('alpine:latest');
    expect(normalizeImage('registry.example.com:5000/team/app')).toBe('registry.example.com:5000/team/app:latest');
    expect(normalizeImage('scratch')).toBe('scratch');
  });
});
