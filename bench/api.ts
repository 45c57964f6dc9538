/**
 * The wire calls the benchmark makes, in the SpreadsheetWeb format (spec/API.md): a token,
 * publishing, sessions, and the bodies of GetResult and GetBatchResults for a model's call `i`.
 */
import http from 'node:http';
import { type BenchRequest, failureText, post, type Reply, succeeded } from './loadgen.js';
import type { BenchModel } from './workbooks.js';

/** Setup calls over one keep-alive connection; failures throw with the server's message. */
export class BenchApi {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  readonly #url: URL;
  token = '';

  constructor(baseUrl: string) {
    this.#url = new URL(baseUrl);
  }

  /** POSTs and returns the parsed envelope; throws unless it succeeded. */
  async call<T>(path: string, body: object): Promise<T> {
    return this.parse<T>(path, await this.send({ path, body: JSON.stringify(body) }));
  }

  /** POSTs a prepared request and returns the answer unparsed (timing excludes the client's parse). */
  send(request: BenchRequest): Promise<Reply> {
    return post(this.#agent, this.#url, this.token, request);
  }

  /** The envelope of a reply; throws unless it succeeded. */
  parse<T>(path: string, reply: Reply): T {
    if (!succeeded(reply)) throw new Error(`${path} failed: ${failureText(reply)}`);
    return JSON.parse(reply.text) as T;
  }

  /** Gets a token for the client and uses it from now on. */
  async login(identifier: string, secret: string): Promise<void> {
    const { AccessToken } = await this.call<{ AccessToken: string }>('/Api/Auth/GetToken', {
      ClientIdentifier: identifier,
      ClientSecret: secret,
    });
    this.token = AccessToken;
  }

  /** CreateApplication (Restricted, so every call also checks the token) → ApplicationKey. */
  async publish(model: BenchModel, suffix: string): Promise<string> {
    const { ApplicationKey } = await this.call<{ ApplicationKey: string }>('/Api/Sites/CreateApplication', {
      ApplicationName: `bench ${model.name} ${suffix}`,
      FileName: `${model.name}.xlsx`,
      FileContent: Buffer.from(model.bytes).toString('base64'),
      AccessType: 1,
    });
    return ApplicationKey;
  }

  async openSession(key: string): Promise<string> {
    const { SessionId } = await this.call<{ SessionId: string }>('/Api/Applications/OpenDedicatedSession', {
      ApplicationKey: key,
    });
    return SessionId;
  }

  async closeSession(key: string, sessionId: string): Promise<void> {
    await this.call('/Api/Applications/CloseDedicatedSession', { ApplicationKey: key, SessionId: sessionId });
  }

  /** The Value of each output's top-left cell, by Ref, for call `i` of a model. */
  async outputValues(model: BenchModel, key: string, i: number): Promise<Record<string, string>> {
    const reply = await this.call<{ Outputs: { Ref: string; Value: { Value: string }[][] }[] }>(
      '/Api/Applications/GetResult',
      JSON.parse(getResult(model, key, i).body),
    );
    return Object.fromEntries(reply.Outputs.map((o) => [o.Ref, o.Value[0]?.[0]?.Value ?? '']));
  }

  close(): void {
    this.#agent.destroy();
  }
}

function wireInputs(model: BenchModel, i: number) {
  return model.inputs(i).map(({ ref, value }) => ({ Ref: ref, Value: [[{ Value: value }]] }));
}

/** GetResult for call `i`: stateless, or in `sessionId`. */
export function getResult(model: BenchModel, key: string, i: number, sessionId?: string): BenchRequest {
  return {
    path: '/Api/Applications/GetResult',
    body: JSON.stringify({
      ApplicationKey: key,
      ...(sessionId === undefined ? {} : { SessionId: sessionId }),
      Inputs: wireInputs(model, i),
      Outputs: model.outputs,
    }),
  };
}

/** GetBatchResults with `items` calls numbered from `first`. */
export function getBatchResults(model: BenchModel, key: string, items: number, first: number): BenchRequest {
  const requests = Array.from({ length: items }, (_, k) => ({
    Id: k,
    Request: { Inputs: wireInputs(model, first + k), Outputs: model.outputs },
  }));
  return {
    path: '/Api/Applications/GetBatchResults',
    body: JSON.stringify({ ApplicationKey: key, Requests: requests }),
  };
}
