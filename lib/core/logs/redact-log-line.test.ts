import { describe, expect, it } from 'vitest';
import { isSecretKey, redactionMarker as R, redactLogLine, redactLogLines } from './redact-log-line';

const redact = (line: string) => redactLogLine(line).text;

// Made-up secrets, shaped like real ones.
const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJhbGljZSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLXRoYXQtaXMtbG9uZy1lbm91Z2gtdG8tbG9vaw';
const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const hex64 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const base64Token = 'Zm9vYmFyMTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0';

describe('redactLogLine: secrets are hidden', () => {
  it.each([
    ['an Authorization header', 'GET /wallet Authorization: Bearer abc.def-123_XYZ', `GET /wallet Authorization: ${R}`],
    ['a bearer token in prose', 'calling issuer with bearer 8fA3kLm9Qz then retrying', `calling issuer with bearer ${R} then retrying`],
    ['a basic credential', 'proxy sent Basic dXNlcjpodW50ZXIy', `proxy sent Basic ${R}`],
    ['a JWT', `token accepted: ${jwt}`, `token accepted: ${R}`],
    ['a JWT without a signature', `id ${jwt.split('.').slice(0, 2).join('.')}.`, `id ${R}`],
    ['password= in a query string', 'GET /login?user=alice&password=hunter2&next=/home', `GET /login?user=alice&password=${R}&next=/home`],
    ['an env dump', 'DB_PASSWORD=s3cr3t!', `DB_PASSWORD=${R}`],
    ['an API key env var', 'PAYMENTS_API_KEY=abc123', `PAYMENTS_API_KEY=${R}`],
    ['a camelCase JSON field', '{"clientSecret":"x-y-z","user":"bob"}', `{"clientSecret":"${R}","user":"bob"}`],
    ['a JSON field with spaces and an escaped quote', '{"password": "hun\\"ter2", "ok": true}', `{"password": "${R}", "ok": true}`],
    ['logfmt', 'level=info msg="login" access_token=abc def=1', `level=info msg="login" access_token=${R} def=1`],
    ['a YAML field', '  secret: topsecretvalue', `  secret: ${R}`],
    ['a header with a dash', 'x-api-key: 1234abcd', `x-api-key: ${R}`],
    ['a cookie header to the end of the line', 'Cookie: session=abc; csrftoken=def', `Cookie: ${R}`],
    ['a CLI flag', 'exec worker --password hunter2 --verbose', `exec worker --password ${R} --verbose`],
    ['a postgres URL', 'connecting to postgres://wallet:pa55word@db:5432/wallet?sslmode=require', `connecting to postgres://wallet:${R}@db:5432/wallet?sslmode=require`],
    ['a password with @ in it', 'redis://:p@ss@cache:6379', `redis://:${R}@cache:6379`],
    ['an AWS access key id', 'using key AKIAIOSFODNN7EXAMPLE for s3', `using key ${R} for s3`],
    ['an AWS secret alone', `aws said ${awsSecret} ok`, `aws said ${R} ok`],
    ['a GCP API key', 'key AIzaSyA-1234567890abcdefghijklmnopqrstu', `key ${R}`],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', R],
    ['a long hex secret', `hmac ${hex64}`, `hmac ${R}`],
    ['a long base64 token', `sent ${base64Token}`, `sent ${R}`],
    ['a PEM key on one line (JSON-escaped)', '{"private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n","x":1}', `{"private_key":"${R}","x":1}`],
    ['a Set-Cookie header', 'Set-Cookie: sid=31d4d96e407aad42; Path=/; Secure', `Set-Cookie: ${R}`],
  ])('%s', (_, line, expected) => {
    expect(redact(line)).toBe(expected);
    expect(redactLogLine(line).redactions).toBeGreaterThan(0);
  });
});

describe('redactLogLine: attempts to sneak a secret past it', () => {
  it('URL-encoded key and value in a query string', () => {
    const out = redact('GET /cb?state=1%26password%3Dhunter2%26x%3D1');
    expect(out).not.toContain('hunter2');
    expect(out).toContain(R);
  });

  it('doubly URL-encoded', () => {
    expect(redact('next=%2526api_key%253Dsk123456')).not.toContain('sk123456');
  });

  it('a percent-encoded connection string', () => {
    expect(redact('dsn=postgres%3A%2F%2Fu%3Apa55w0rd%40db')).not.toContain('pa55w0rd');
  });

  it('a JSON message inside a JSON string (escaped quotes)', () => {
    const out = redact('{"msg":"{\\"password\\":\\"hunter2\\",\\"user\\":\\"bob\\"}"}');
    expect(out).not.toContain('hunter2');
    expect(out).toContain('bob');
  });

  it('a key spelled with JSON unicode escapes', () => {
    expect(redact('{"pass\\u0077ord":"hunter2"}')).not.toContain('hunter2');
  });

  it('single quotes and unclosed quotes', () => {
    expect(redact("token='abc def ghi' next")).toBe(`token='${R}' next`);
    expect(redact('password="never closed and more')).toBe(`password="${R}`);
  });

  it('mixed case keys and separators with spaces', () => {
    expect(redact('PassWord = hunter2')).toBe(`PassWord = ${R}`);
    expect(redact('AUTHORIZATION:bearer abcdefghij1')).not.toContain('abcdefghij1');
  });

  it('a base64-encoded JSON credential', () => {
    const encoded = Buffer.from('{"password":"hunter2","user":"alice"}').toString('base64');
    expect(redact(`payload ${encoded}`)).toBe(`payload ${R}`);
  });

  it('custom headers, signed URLs and package tokens', () => {
    expect(redact('X-Auth-Token: 5f1e2d3c')).toBe(`X-Auth-Token: ${R}`);
    expect(redact('GET https://store.example/blob?sv=2024-01-01&sig=AbC%2Bdef%3D&se=2026')).not.toContain('AbC');
    expect(redact('X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261202')).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(redact('//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789')).not.toContain('npm_abc');
    expect(redact('using glpat-abcdefghij0123456789')).toBe(`using ${R}`);
  });

  it('a secret in a JSON array or after an escaped newline', () => {
    expect(redact('{"tokens":["a1b2c3"],"apiKey":"k-1"}')).not.toContain('k-1');
    expect(redact('"msg":"line one\\npassword=hunter2\\nline three"')).not.toContain('hunter2');
  });

  it('several secrets on one line', () => {
    const result = redactLogLine(`token=aaa password=bbb ${jwt}`);
    expect(result.text).toBe(`token=${R} password=${R} ${R}`);
    expect(result.redactions).toBe(3);
  });
});

describe('redactLogLines: secrets spread over lines', () => {
  it('a PEM private key is hidden from BEGIN to END', () => {
    const lines = ['loaded key:', '-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA7bq3', 'c2VjcmV0IGJvZHkgbGluZQ', '-----END RSA PRIVATE KEY-----', 'server started on :8080'];
    const out = redactLogLines(lines).lines;
    expect(out.join('\n')).not.toMatch(/MIIEow|c2VjcmV0/);
    expect(out[5]).toBe('server started on :8080');
    expect(out[4]).toContain('-----END RSA PRIVATE KEY-----');
  });

  it('a PEM key cut by the tail (no END) stays hidden to the end', () => {
    const out = redactLogLines(['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'short']).lines;
    expect(out.slice(1)).toEqual([R, R]);
  });

  it('a PEM body whose BEGIN line fell before the tail is caught by its shape', () => {
    const out = redactLogLines(['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj', '-----END PRIVATE KEY-----']).lines;
    expect(out[0]).toBe(R);
  });

  it('a value on the line after its key', () => {
    expect(redactLogLines(['password:', '  hunter2', 'next: line']).lines).toEqual(['password:', `  ${R}`, 'next: line']);
    expect(redactLogLines(['Authorization: Bearer', 'abcdefghijklmnop']).lines[1]).toBe(R);
  });

  it('a YAML block scalar under a secret key', () => {
    const out = redactLogLines(['data:', '  tls.key: |', '    line-one', '    line-two', '  tls.crt: public']).lines;
    expect(out).toEqual(['data:', '  tls.key: |', `    ${R}`, `    ${R}`, '  tls.crt: public']);
  });

  it('a JWT wrapped over two lines', () => {
    const [head, tail] = [jwt.slice(0, 60), jwt.slice(60)];
    const out = redactLogLines([head, tail]).lines;
    expect(out[0]).toBe(R);
    // The signature, what makes the token a credential, is hidden; a claims fragment may show.
    expect(out[1]).not.toContain(jwt.split('.')[2]);
    expect(out[1]).toMatch(/\[redacted\]$/);
  });

  it('a quoted value split over lines, to its closing quote', () => {
    const out = redactLogLines(['{"user":"bob","password":"first-half', 'second-half', 'third-half","ok":true}', 'next line']).lines;
    expect(out).toEqual([`{"user":"bob","password":"${R}`, R, `${R}","ok":true}`, 'next line']);
    expect(redactLogLines(['token=\'abc', 'def\' user=bob']).lines).toEqual([`token='${R}`, `${R}' user=bob`]);
  });

  it('a stray quote hides at most 20 lines', () => {
    const out = redactLogLines(['password="never closed', ...Array.from({ length: 25 }, (_, i) => `line ${i}`)]).lines;
    expect(out.filter((line) => line === R)).toHaveLength(20);
    expect(out.at(-1)).toBe('line 24');
  });

  it('counts every redaction', () => {
    expect(redactLogLines(['token=a', 'password=b', 'plain']).redactions).toBe(2);
  });
});

describe('ordinary text stays readable', () => {
  it.each([
    '2026-12-02T07:12:41.123456789Z INFO wallet-api started version=1.4.2 commit=3f9a2b1c4d5e6f708192a3b4c5d6e7f801234567',
    'request_id=3fa85f64-5717-4562-b3fc-2c963f66afa6 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7',
    'pulled image registry.example.com/personapass/wallet-api@sha256:' + hex64,
    'pod wallet-api-7d9f8b6c5d-x2k4p on kwok-node-a in zone-a',
    'GET /api/v1/namespaces/personapass-dev/pods/wallet-api-7d9f8b6c5d-x2k4p/log 200 12ms',
    'token_count=512 password_file=/run/secrets/db token_type=Bearer',
    'password=null token: missing',
    'Basic setup complete; Basic authentication disabled',
    'the author=alice wrote a note',
    'at com.personapass.wallet.CredentialIssuer.issue(CredentialIssuer.java:123)',
    'loaded /usr/lib/node_modules/personapass/dist/server/CredentialVerifier.js',
    'GET /wallets?page=2&limit=50 user_agent="Mozilla/5.0 (X11; Linux x86_64)"',
  ])('%s', (line) => {
    expect(redact(line)).toBe(line);
  });
});

describe('isSecretKey', () => {
  it.each(['password', 'DB_PASSWORD', 'clientSecret', 'x-api-key', 'apiKey', 'access_token', 'AWS_SECRET_ACCESS_KEY', 'private_key', 'Authorization', 'sessionId', 'auth'])('%s is a secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });
  it.each(['PGPASSWORD', 'MONGOPASSWORD', 'REDISPASS', 'newpassword', 'accesstoken', 'xapikey', 'secrets', 'tokenvalue'])('%s (glued to its secret word) is a secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });
  it.each(['user', 'author', 'token_count', 'password_file', 'tokenizer', 'version', 'commit', 'passwordfile', 'tokencount', 'secretary'])('%s is not', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

// Review 10b (attacker): key names glued to their secret word, and the separators of Go, Ruby and PHP.
describe('keys glued to their secret word, other separators', () => {
  it.each([
    ['libpq env var', 'PGPASSWORD=Summer-2026-prod psql -h db -U wallet', 'Summer-2026-prod'],
    ['mongo env var', 'MONGOPASSWORD=Summer-2026-prod', 'Summer-2026-prod'],
    ['redis env var', 'export REDISPASS=Summer-2026-prod', 'Summer-2026-prod'],
    ['lowercase JSON field', '{"user":"alice","newpassword":"Summer-2026-prod"}', 'Summer-2026-prod'],
    ['lowercase query parameter', 'GET /cb?accesstoken=short-tok-1234&x=1', 'short-tok-1234'],
    ['Go short assignment', 'password := "Summer-2026-prod"', 'Summer-2026-prod'],
    ['Ruby/PHP hash arrow', 'client_secret => "Summer-2026-prod"', 'Summer-2026-prod'],
    ['PHP object arrow', "$config->password->'Summer-2026-prod'", 'Summer-2026-prod'],
  ])('%s', (_, line, secret) => {
    expect(redactLogLine(line).text).not.toContain(secret);
  });

  it('keeps what follows the value and the value of a harmless glued key', () => {
    expect(redactLogLine('PGPASSWORD=Summer-2026-prod psql -h db').text).toBe(`PGPASSWORD=${R} psql -h db`);
    expect(redactLogLine('password := "x-1" // set').text).toBe(`password := "${R}" // set`);
    expect(redactLogLine('tokenizer=bert passwordfile=/run/secrets/db').text).toBe('tokenizer=bert passwordfile=/run/secrets/db');
  });
});
