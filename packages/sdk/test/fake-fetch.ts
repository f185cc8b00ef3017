/** A recorded request of the fake fetch. */
export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

/** What the fake answers: a JSON body with a status, or a whole Response, or a thrown error. */
export type FakeAnswer =
  { status?: number; body?: unknown; headers?: Record<string, string> } | Response | Error;

/**
 * A `fetch` that records every request and answers from a script, in order (the last answer
 * repeats). Answers may be functions of the request.
 */
export function fakeFetch(...answers: (FakeAnswer | ((request: SentRequest) => FakeAnswer))[]) {
  const requests: SentRequest[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const request: SentRequest = {
      method: init.method ?? 'GET',
      url: new URL(String(input)),
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const next = answers[Math.min(requests.length - 1, answers.length - 1)]!;
    const answer = typeof next === 'function' ? next(request) : next;
    if (answer instanceof Error) throw answer;
    if (answer instanceof Response) return answer;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}
