// A minimal Bolt-JS app in Socket Mode: it answers app_mention with a keyword
// lookup, in the thread of the mention. It is the yardstick of
// `go run ./cmd/loadtest -target bolt`, which points it at the fake Slack:
//
//   SLACK_API_URL=http://127.0.0.1:PORT/api/ SLACK_BOT_TOKEN=xoxb-… \
//   SLACK_APP_TOKEN=xapp-… node app.js
//
// Both the Web API client and the Socket Mode client (which calls
// apps.connections.open for its websocket URL) use SLACK_API_URL.
'use strict';

const { App, LogLevel, SocketModeReceiver } = require('@slack/bolt');

const slackApiUrl = process.env.SLACK_API_URL || 'https://slack.com/api/';
const logLevel = process.env.LOG_LEVEL === 'debug' ? LogLevel.DEBUG : LogLevel.ERROR;

// The keyword table: the first keyword found in the question decides.
const answers = [
  { words: ['backlog', 'user stor', 'sprint', 'retro'], owner: 'Product owner', text: 'The product owner owns and orders the backlog and works with the team sprint by sprint.' },
  { words: ['vision', 'strategy', 'roadmap', 'market', 'customer', 'budget', 'launch', 'release'], owner: 'Product manager', text: 'The product manager owns the product vision, strategy and roadmap, and talks to the market.' },
  { words: ['priorit'], owner: 'Disputed', text: 'The articles disagree: some give priorities to the product owner, others to the product manager.' },
  { words: ['both', 'hire', 'need'], owner: 'Depends', text: 'Small companies often start with a product manager who also acts as product owner.' },
  { words: ['skill', 'product owner', 'product manager', 'po', 'pm'], owner: 'Shared', text: 'Both roles need communication, leadership and analytical skills.' },
];

function lookup(question) {
  const q = question.toLowerCase();
  for (const a of answers) {
    if (a.words.some((w) => q.includes(w))) return a;
  }
  return { owner: 'Unknown', text: "I can answer questions about product owners and product managers." };
}

function escape(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const receiver = new SocketModeReceiver({
  appToken: process.env.SLACK_APP_TOKEN,
  logLevel,
  installerOptions: { clientOptions: { slackApiUrl } },
});

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel,
  clientOptions: { slackApiUrl },
});

app.event('app_mention', async ({ event, say }) => {
  const a = lookup(event.text.replace(/<@[^>]+>/g, ''));
  await say({
    thread_ts: event.thread_ts || event.ts,
    text: `Owner: ${a.owner}. ${escape(a.text)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Owner: ${a.owner}` } },
      { type: 'section', text: { type: 'mrkdwn', text: escape(a.text) } },
    ],
  });
});

(async () => {
  await app.start();
  if (logLevel === LogLevel.DEBUG) console.error('bolt app connected');
})();

process.on('SIGTERM', async () => {
  try { await app.stop(); } finally { process.exit(0); }
});
