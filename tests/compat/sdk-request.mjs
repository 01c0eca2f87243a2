// Sends one request to a DbLogs service through the official Huawei Cloud SDK core for Node.js, signed
// with AK/SK exactly as the SDK signs, and prints one JSON line: {status, headers, body, sent}.
//
// Input (first argument, or stdin when there is none), one JSON object:
//   {endpoint, ak, sk, projectId, method, url, pathParams, queryParams, headers, body, contentType,
//    sdkDateOverride?, tamper?}
// - url is the SDK's template ("/v2/{project_id}/instances/{instance_id}/redislog"); {project_id} comes
//   from the credential, the rest from pathParams. body is a JSON value (the SDK signs JSON.stringify(body)).
// - sdkDateOverride: an ISO-8601 time the SDK believes is "now" while it signs, so X-Sdk-Date carries it.
// - tamper: {queryParams?, headers?} merged into the request after it is signed, before it is sent; spaceAsPlus: true
//   sends each space of the query as a raw `+` (form encoding, as the .NET SDK sends it) where the SDK sends `%20`.
// Exit code 0 whenever an HTTP response came back (whatever its status); 1 otherwise.
// The service SDKs import ClientBuilder by its path: the package's index does not export it.
import clientBuilder from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import core from '@huaweicloud/huaweicloud-sdk-core';

const { ClientBuilder } = clientBuilder;
const { BasicCredentials } = core;

const input = JSON.parse(process.argv[2] ?? (await readStdin()));

// The SDK logs (log4js) to stdout; keep stdout for the one result line.
const writeResult = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

const client = new ClientBuilder((c) => c)
  .withCredential(new BasicCredentials().withAk(input.ak).withSk(input.sk).withProjectId(input.projectId))
  .withEndpoint(input.endpoint)
  .build();

// Old X-Sdk-Date: the signer takes "now" from moment(), which reads Date.now(). Fake it while signing only.
const realNow = Date.now;
if (input.sdkDateOverride) {
  const fixed = Date.parse(input.sdkDateOverride);
  if (Number.isNaN(fixed)) {
    throw new Error(`sdkDateOverride is not a date: ${input.sdkDateOverride}`);
  }
  Date.now = () => fixed;
}

// The SDK signs in HcClient.buildRequest, then hands the request to its axios instance. A request interceptor
// there runs after signing and before the URL is built from config.params: the place to tamper.
const axios = client.httpClient._axiosInstance;
let sent;
axios.interceptors.request.use((config) => {
  Date.now = realNow;
  Object.assign((config.params ??= {}), input.tamper?.queryParams);
  if (input.tamper?.spaceAsPlus) {
    const { serialize } = config.paramsSerializer;
    config.paramsSerializer = { serialize: (params) => serialize(params).replaceAll('%20', '+') };
  }
  for (const [name, value] of Object.entries(input.tamper?.headers ?? {})) {
    config.headers[name] = value;
  }
  sent = { method: config.method.toUpperCase(), url: axios.getUri(config), headers: plain(config.headers) };
  return config;
});

// Keep the body exactly as received (axios would parse JSON) and the response even when axios rejects it.
let rawBody = '';
axios.defaults.transformResponse = [(data) => (rawBody = data ?? ''), ...axios.defaults.transformResponse];
let response;
axios.interceptors.response.use(
  (r) => (response = r),
  (error) => {
    response = error.response;
    return Promise.reject(error);
  },
);

let failure;
try {
  await client.sendRequest({
    method: input.method,
    url: input.url,
    pathParams: input.pathParams ?? {},
    queryParams: input.queryParams ?? {},
    headers: input.headers ?? {},
    contentType: input.contentType,
    data: input.body,
  });
} catch (error) {
  // The SDK throws on status >= 400 (ClientRequestException and kin); the response was captured above.
  failure = error;
}

if (!response) {
  writeResult(`${JSON.stringify({ status: 0, error: String(failure?.errorMsg ?? failure?.message ?? failure), sent })}\n`);
  process.exit(1);
}

writeResult(`${JSON.stringify({ status: response.status, headers: plain(response.headers), body: String(rawBody), sent })}\n`);

function plain(headers) {
  const json = typeof headers?.toJSON === 'function' ? headers.toJSON() : { ...headers };
  return Object.fromEntries(Object.entries(json).map(([name, value]) => [name.toLowerCase(), value]));
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
