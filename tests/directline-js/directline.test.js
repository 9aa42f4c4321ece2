// Protocol tests with the real botframework-directlinejs client against the built bot.
// ./test.sh builds Release first; BOT_DLL overrides the path. Node has no XMLHttpRequest and (v20) no
// WebSocket, so the client gets the xhr2 and ws packages, as its docs suggest for Node.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

global.XMLHttpRequest = require('xhr2');
global.WebSocket = require('ws');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const repo = path.resolve(__dirname, '../..');
const dll = process.env.BOT_DLL || path.join(repo, 'src/Bot/bin/Release/net10.0/Bot.dll');
const secret = 'directline-js-test-secret';
let bot;
let base;
let dataPath;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dataPath = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-dljs-'));
  // "Urls" (not ASPNETCORE_URLS): the root appsettings.json sets Urls, and plain environment variables override it.
  bot = spawn('dotnet', [dll], {
    cwd: repo,
    env: { ...process.env, Urls: base, ASPNETCORE_URLS: base, Storage__DataPath: dataPath, DirectLine__Secret: secret, Knowledge__WatchForChanges: 'false',
      // The sentence model is built once per machine by test.sh; a fresh data folder must not distil it again.
      Retrieval__Semantic__CachePath: process.env.BOT_TEST_SEMANTIC_CACHE || '/tmp/bot-tests-semantic' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  bot.stdout.on('data', (d) => { output += d; });
  bot.stderr.on('data', (d) => { output += d; });
  for (let i = 0; i < 300; i++) {
    try {
      const response = await fetch(`${base}/health`);
      if (response.ok) return;
    } catch { /* not up yet */ }
    if (bot.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`bot did not start:\n${output}`);
});

after(() => {
  if (bot && bot.exitCode === null) bot.kill('SIGTERM');
  fs.rmSync(dataPath, { recursive: true, force: true });
});

async function pageToken() {
  const response = await fetch(`${base}/api/chat/token`, { method: 'POST' });
  assert.equal(response.status, 200);
  return response.json();
}

function client(options) {
  return new DirectLine({ domain: `${base}/v3/directline`, ...options });
}

/** Collects activities and resolves waitFor(predicate) when one arrives (or fails after a timeout). */
function collect(directLine) {
  const seen = [];
  const waiters = [];
  const subscription = directLine.activity$.subscribe({
    next(activity) {
      seen.push(activity);
      for (const w of [...waiters]) {
        if (w.predicate(activity)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(activity);
        }
      }
    },
    error(error) { for (const w of waiters) w.reject(error); },
  });
  return {
    seen,
    subscription,
    waitFor(predicate, ms = 15000) {
      const found = seen.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; saw ${JSON.stringify(seen.map((a) => [a.type, a.id, a.text && a.text.slice(0, 40)]))}`)), ms);
        waiters.push({ predicate, resolve: (a) => { clearTimeout(timer); resolve(a); }, reject });
      });
    },
  };
}

const fromBot = (a) => a.type === 'message' && a.from && a.from.role === 'bot';

function post(directLine, text, clientActivityID) {
  return new Promise((resolve, reject) => {
    directLine.postActivity({ type: 'message', from: { id: 'r_node', name: '' }, text, channelData: { clientActivityID } })
      .subscribe({ next: resolve, error: reject });
  });
}

async function conversationFlow(options) {
  const { token } = await pageToken();
  const dl = client({ token, ...options });
  const activities = collect(dl);
  try {
    const welcome = await activities.waitFor(fromBot);
    assert.ok(welcome.text.length > 0);

    const id = await post(dl, 'what does an infusion feel like', 'node-1');
    assert.match(id, /\|\d{7}$/);
    const echo = await activities.waitFor((a) => a.id === id);
    assert.equal(echo.channelData.clientActivityID, 'node-1');
    assert.equal(echo.from.role, 'user');
    const answer = await activities.waitFor((a) => fromBot(a) && a.replyToId === id);
    const message = (answer.entities || []).find((e) => e['@id'] === '' && e.type === 'https://schema.org/Message');
    assert.ok(message, 'the answer carries its citation entity');
    assert.equal(message.citation[0].appearance.name, 'What an infusion feels like');
    assert.ok(Date.parse(answer.timestamp) > Date.parse(echo.timestamp));
    assert.equal(new Set(activities.seen.map((a) => a.id).filter(Boolean)).size, activities.seen.filter((a) => a.id).length, 'nothing delivered twice');
    return { dl, activities };
  } catch (error) {
    dl.end();
    throw error;
  }
}

test('start, post and receive over the WebSocket', async () => {
  const { dl, activities } = await conversationFlow({ webSocket: true });
  assert.ok(activities.seen.some((a) => a.type === 'typing'), 'typing arrives over the socket while the turn runs');
  dl.end();
});

test('start, post and receive by polling', async () => {
  const { dl, activities } = await conversationFlow({ webSocket: false, pollingInterval: 200 });
  assert.ok(!activities.seen.some((a) => a.type === 'typing'), 'typing is only sent over the socket');
  dl.end();
});

test('reconnecting with a watermark delivers only what was missed', async () => {
  const { token, conversationId } = await pageToken();
  const first = client({ token, webSocket: true });
  const firstSeen = collect(first);
  await firstSeen.waitFor(fromBot);
  const watermark = first.watermark;
  assert.ok(watermark, 'the client kept a watermark');
  const currentToken = first.token;
  firstSeen.subscription.unsubscribe();
  const seenBefore = firstSeen.seen.map((a) => a.id).filter(Boolean);
  first.end();

  // Something happens while the visitor is away (posted over REST with the same token).
  const missed = await fetch(`${base}/v3/directline/conversations/${conversationId}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${currentToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'is ketamine legal', from: { id: 'x' }, channelData: { clientActivityID: 'away' } }),
  });
  assert.equal(missed.status, 200);
  const missedId = (await missed.json()).id;

  const second = client({ token: currentToken, conversationId, watermark, webSocket: true });
  const secondSeen = collect(second);
  await secondSeen.waitFor((a) => fromBot(a) && a.replyToId === missedId);
  const stored = secondSeen.seen.filter((a) => a.id);
  assert.equal(stored[0].id, missedId, 'replay starts right after the watermark');
  assert.ok(!stored.some((a) => seenBefore.includes(a.id)),
    `nothing seen before comes again: first ${JSON.stringify(seenBefore)}, then ${JSON.stringify(stored.map((a) => a.id))}`);
  second.end();
});

test('token refresh gives a working token for the same conversation', async () => {
  const { dl } = await conversationFlow({ webSocket: false, pollingInterval: 200 });
  const before = dl.token;
  await new Promise((r) => setTimeout(r, 1100)); // a new second, so the new token differs
  const refreshed = await new Promise((resolve, reject) => dl.refreshToken().subscribe({ next: resolve, error: reject }));
  assert.notEqual(refreshed, before);
  dl.token = refreshed; // what directlinejs's 15-minute refresh loop does with the answer
  const id = await post(dl, 'thanks', 'after-refresh');
  assert.ok(id.startsWith(dl.conversationId + '|'));
  dl.end();
});

test('a token for one conversation cannot open another', async () => {
  const victim = await pageToken();
  const intruder = await pageToken();
  const started = client({ token: victim.token, webSocket: false, pollingInterval: 200 });
  const victimSeen = collect(started);
  await victimSeen.waitFor(fromBot);

  const dl = client({ token: intruder.token, conversationId: victim.conversationId, webSocket: false, pollingInterval: 200 });
  const statuses = [];
  const seen = [];
  dl.connectionStatus$.subscribe((s) => statuses.push(s));
  dl.activity$.subscribe({ next: (a) => seen.push(a), error: () => {} });
  const refused = (s) => s === ConnectionStatus.ExpiredToken || s === ConnectionStatus.FailedToConnect;
  for (let i = 0; i < 50 && !statuses.some(refused); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(statuses.some(refused), `the client is refused; saw ${statuses}`);
  assert.ok(!statuses.includes(ConnectionStatus.Online));
  assert.equal(seen.length, 0);
  const direct = await fetch(`${base}/v3/directline/conversations/${victim.conversationId}/activities`, { headers: { Authorization: `Bearer ${intruder.token}` } });
  assert.equal(direct.status, 403);
  dl.end();
  started.end();
});
