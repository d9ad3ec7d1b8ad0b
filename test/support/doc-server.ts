/** A local HTTP server on 127.0.0.1 for download tests: each path is a handler. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface DocServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  url(path: string): string;
  /** Paths requested so far, in order. */
  readonly hits: string[];
  close(): Promise<void>;
}

export async function startDocServer(routes: Record<string, Route>): Promise<DocServer> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    hits.push(req.url ?? "/");
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + path,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
