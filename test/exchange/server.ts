// A local stand-in for the venues' REST APIs: one HTTP server on 127.0.0.1, the venue's host as the first
// path segment (`snapshot --api-base` rewrites https://fapi.binance.com/fapi/v1/… to <base>/fapi.binance.com/fapi/v1/…).
// Each route answers with a response written from the venue's API documentation (test/exchange/venues.ts).
// A request no route answers is recorded and answered 404, so a test sees exactly what ccxt asked for.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Request {
  method: string
  host: string
  path: string
  query: URLSearchParams
  body: Record<string, unknown>
  headers: IncomingMessage['headers']
}

/** A route: answers a request (the JSON to send) or returns undefined to let the next route try. */
export type Route = (request: Request) => unknown

export interface VenueServer {
  base: string
  requests: Request[]
  unanswered: string[]
  close(): Promise<void>
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (c: Buffer) => chunks.push(c))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

export async function startServer(routes: readonly Route[]): Promise<VenueServer> {
  const requests: Request[] = []
  const unanswered: string[] = []
  const server: Server = createServer(async (incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1')
    const [, host = '', ...rest] = url.pathname.split('/')
    const text = await readBody(incoming)
    let body: Record<string, unknown> = {}
    if (text) {
      try {
        body = JSON.parse(text)
      } catch {
        body = Object.fromEntries(new URLSearchParams(text))
      }
    }
    const request: Request = { method: incoming.method ?? 'GET', host, path: `/${rest.join('/')}`, query: url.searchParams, body, headers: incoming.headers }
    requests.push(request)
    for (const route of routes) {
      let answer: unknown
      try {
        answer = route(request)
      } catch (error) {
        unanswered.push(`${request.method} ${host}${request.path}: the route threw ${error}`)
        response.writeHead(500, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ error: String(error) }))
        return
      }
      if (answer !== undefined) {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify(answer))
        return
      }
    }
    unanswered.push(`${request.method} ${host}${request.path}?${url.searchParams} ${text}`)
    response.writeHead(404, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ error: 'no such route in the test server' }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    unanswered,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** A route for `method` and `path` (on any host), answering `answer(request)`. */
export function on(method: string, path: string, answer: (request: Request) => unknown): Route {
  return (request) => (request.method === method && request.path === path ? answer(request) : undefined)
}

/** A POST route whose JSON body has `type` (Hyperliquid's /info). */
export function onInfo(type: string, answer: (request: Request) => unknown): Route {
  return (request) => (request.method === 'POST' && request.path === '/info' && request.body.type === type ? answer(request) : undefined)
}
