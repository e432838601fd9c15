// The peer of the bench's `peers` scenario: oidc-provider (a certified OpenID Connect provider) on loopback, set up
// the way AuthActors is measured: ES256-signed JWT access tokens (10 minutes, as AuthActors' default), refresh tokens
// rotated on every use, and the provider's default in-memory storage (a bounded LRU: nothing is persisted).
//
//   node server.js [port]        (0 or nothing: a free port)
//
// Prints `peer listening on 127.0.0.1:<port>` once it accepts requests. Besides the provider's own endpoints
// (POST /token with grant_type=refresh_token, client_id=bench) it answers GET /bench/refresh-tokens?count=N with N
// fresh refresh tokens, one grant and one account each, minted through the provider's models so that no browser
// and no login page is needed. That side endpoint is for the load generator only and listens on loopback only.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const clientId = 'bench';
const resource = 'urn:authactors:bench:api';
const scope = 'api';
const maxMint = 10_000;

const signingKey = {
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
  kid: 'bench-es256',
  alg: 'ES256',
  use: 'sig',
};

// The issuer is fixed before the port is known; the provider does not check it against the Host header.
const provider = new Provider('http://127.0.0.1', {
  clients: [{
    client_id: clientId,
    // A public client, as AuthActors' refresh endpoint has no client authentication either.
    token_endpoint_auth_method: 'none',
    grant_types: ['refresh_token'],
    response_types: [],
    redirect_uris: [],
    id_token_signed_response_alg: 'ES256',
  }],
  jwks: { keys: [signingKey] },
  rotateRefreshToken: true,
  findAccount: (_ctx, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope,
        audience: resource,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 600,
        jwt: { sign: { alg: 'ES256' } },
      }),
    },
  },
  ttl: { AccessToken: 600, Grant: 14 * 24 * 60 * 60, RefreshToken: 14 * 24 * 60 * 60 },
});

const client = await provider.Client.find(clientId);
let minted = 0;

// One account, one grant and one refresh token, as the authorization code grant would have left them.
async function mintRefreshToken() {
  minted += 1;
  const accountId = `peer-${minted}`;
  const grant = new provider.Grant({ accountId, clientId });
  grant.addResourceScope(resource, scope);
  const grantId = await grant.save();
  const token = new provider.RefreshToken({ accountId, client, grantId, gty: 'authorization_code', scope, resource });
  return token.save();
}

const providerCallback = provider.callback();
const server = createServer(async (request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (url.pathname !== '/bench/refresh-tokens') {
    providerCallback(request, response);
    return;
  }

  const count = Number.parseInt(url.searchParams.get('count') ?? '', 10);
  if (request.method !== 'GET' || !(count >= 1 && count <= maxMint)) {
    response.writeHead(400, { 'content-type': 'text/plain' }).end(`count must be 1 to ${maxMint}\n`);
    return;
  }

  const tokens = [];
  for (let i = 0; i < count; i += 1) {
    tokens.push(await mintRefreshToken());
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ refresh_tokens: tokens }));
});

const requested = Number.parseInt(process.argv[2] ?? '0', 10) || 0;
server.listen(requested, '127.0.0.1', () => {
  console.log(`peer listening on 127.0.0.1:${server.address().port}`);
});

// SIGTERM ends it like the gateway: stop accepting, then exit.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
