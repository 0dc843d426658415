import Busboy, { type BusboyHeaders } from '@fastify/busboy';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { GitLabHttpError, malformedBody, payloadTooLarge, rawError } from './gitlab-errors';
import { normalizePairs, PARAMS_LIMIT, ParamsParseError, type ParamHash } from './rack-params';

/**
 * Multipart bodies as Rack reads them: every field becomes a param (with bracket notation), file
 * parts are skipped (no runner endpoint takes files). A content-type parser rather than a request
 * hook, so requests of every other type pay nothing for multipart support. Field names such as
 * `__proto__` are dropped like everywhere else.
 */
export function parseMultipartParams(request: FastifyRequest, payload: IncomingMessage, bodyLimit: number): Promise<ParamHash | undefined> {
  if (request.headers['content-length'] === '0') return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    let busboy: InstanceType<typeof Busboy>;
    try {
      busboy = new Busboy({ headers: request.headers as BusboyHeaders, limits: { fieldSize: bodyLimit, fields: PARAMS_LIMIT, parts: PARAMS_LIMIT } });
    } catch {
      return reject(malformedBody('multipart/form-data')); // no or bad boundary
    }
    const fields: [string, string][] = [];
    let received = 0;
    let settled = false;
    const fail = (error: GitLabHttpError) => {
      if (settled) return;
      settled = true;
      payload.unpipe(busboy);
      payload.resume(); // drain the rest so the connection stays usable
      reject(error);
    };
    payload.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > bodyLimit) fail(payloadTooLarge());
    });
    busboy.on('field', (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
      if (valueTruncated) return fail(payloadTooLarge());
      // A part without `name=` (busboy passes undefined) names no param any endpoint reads: ignored.
      if (typeof name !== 'string' || name === '') return;
      fields.push([name, value]);
    });
    busboy.on('file', (_name: string, stream: NodeJS.ReadableStream) => stream.resume());
    busboy.on('partsLimit', () => fail(payloadTooLarge()));
    busboy.on('fieldsLimit', () => fail(payloadTooLarge()));
    busboy.on('error', () => fail(malformedBody('multipart/form-data')));
    busboy.on('finish', () => {
      if (settled) return;
      settled = true;
      try {
        resolve(normalizePairs(fields));
      } catch (error) {
        reject(error instanceof ParamsParseError ? rawError(400, error.message) : error);
      }
    });
    payload.pipe(busboy);
  });
}
