// Verifies an AuthActors access token with jose, a JWT implementation independent of the one that signs, from the
// JWKS alone. Prints the payload as JSON and exits 0; prints jose's error code and exits 1 when refused.
//
//   node verify-jwt.mjs <jwks.json> <token-file> <issuer> <audience> [unix-seconds-now]
import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, jwtVerify } from 'jose';

const [jwksPath, tokenPath, issuer, audience, now] = process.argv.slice(2);
if (!jwksPath || !tokenPath || !issuer || !audience) {
  console.error('usage: node verify-jwt.mjs <jwks.json> <token-file> <issuer> <audience> [unix-seconds-now]');
  process.exit(2);
}

const jwks = createLocalJWKSet(JSON.parse(await readFile(jwksPath, 'utf8')));
const token = (await readFile(tokenPath, 'utf8')).trim();
try {
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer,
    audience,
    algorithms: ['ES256'],
    typ: 'at+jwt',
    // The tests run on a manual clock; without it, jose uses the real time.
    currentDate: now ? new Date(Number(now) * 1000) : undefined,
  });
  console.log(JSON.stringify({ header: protectedHeader, payload }));
} catch (error) {
  console.error(`refused: ${error.code ?? error.name}: ${error.message}`);
  process.exit(1);
}
