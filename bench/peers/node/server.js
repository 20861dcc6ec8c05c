'use strict';
// Herald benchmark peer: the Server-Sent Events pattern SSE tutorials teach.
// One process, one EventEmitter; every subscriber is a listener; a publish is one emit().
//
//   node server.js PORT
//   subscribe: GET  http://127.0.0.1:PORT/connect   (text/event-stream, "data: <msg>\n\n" frames, no ids)
//   publish:   POST http://127.0.0.1:PORT/message   (raw body = message, replies 204)

const express = require('express');
const { EventEmitter } = require('events');

const port = Number.parseInt(process.argv[2] || process.env.PORT || '', 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node server.js PORT');
  process.exit(2);
}

const emitter = new EventEmitter();
emitter.setMaxListeners(0); // unlimited subscribers, no MaxListenersExceededWarning

const app = express();

app.get('/connect', (req, res) => {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.flushHeaders();

  const onMessage = (msg) => {
    res.write(`data: ${msg}\n\n`);
  };
  emitter.on('message', onMessage);

  req.on('close', () => {
    emitter.removeListener('message', onMessage);
  });
});

app.post('/message', express.text({ type: '*/*', limit: '1mb' }), (req, res) => {
  const msg = typeof req.body === 'string' ? req.body : '';
  emitter.emit('message', msg);
  res.status(204).end();
});

const server = app.listen(port, '127.0.0.1', () => {
  console.log(`node peer listening on http://127.0.0.1:${port} (pid ${process.pid})`);
});

// Belt and braces: requestTimeout (default 300 s) limits how long *receiving* a request may take,
// so it should never hit a GET whose request is complete, but a benchmark run is long and a cut
// stream would go unnoticed; turn it off. server.timeout (socket idle) is already 0 by default.
server.requestTimeout = 0;

process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => process.exit(0));
