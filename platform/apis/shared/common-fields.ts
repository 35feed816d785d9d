/**
 * Fields both APIs share, declared once so that WebService and EventDrivenService cannot drift apart
 * (the presets, secret slots, env, database and init container mean the same thing in both).
 */
import { ENV } from '../../../common/contracts/env.js';
import { array, enumeration, integer, object, string } from '../../schema/index.js';
import { DEFAULT_SIZE, SIZE_NAMES } from './sizing.js';

/** RFC 1123 DNS label (Service, Secret and ServiceAccount names). */
export const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** RFC 1123 subdomain (Secret names may contain dots). */
export const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** A fully qualified public hostname, lowercase. */
export const HOSTNAME = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+[a-z]([-a-z0-9]*[a-z0-9])?$';
/** A C identifier, the shape of an environment variable name. */
export const ENV_NAME = '^[A-Za-z_][A-Za-z0-9_]*$';
/** An env value: any text without control characters other than tab, newline and carriage return. */
export const ENV_VALUE = '^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$';
/** An unquoted PostgreSQL identifier of at most 63 bytes. */
export const SQL_IDENTIFIER = '^[a-z_][a-z0-9_]{0,62}$';
/** An absolute HTTP path. */
export const HTTP_PATH = "^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$";

/** Most entries `env` takes (the init container copies them one by one). */
export const ENV_MAX_ITEMS = 32;

/** How many `secretNName` slots the APIs have. */
export const SECRET_SLOT_COUNT = 5;

/**
 * Environment variables the compositions set themselves; a claim's `env` may not use them, so a user
 * value can never be silently overwritten.
 */
export const RESERVED_ENV_NAMES = [
  ENV.databaseUrl,
  'DB_USER',
  'DB_PASSWORD',
  'BACKEND_SERVICE_URL',
  ENV.natsUrl,
  'NATS_STREAM',
  'NATS_CONSUMER',
  ENV.natsCredsFile,
  ENV.natsTlsCaFile,
  ENV.natsTlsCertFile,
  ENV.natsTlsKeyFile,
  ENV.natsTlsCertOptional,
  ENV.port,
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
] as const;

/** `image`: the container image, required. */
export const imageField = string({
  description: 'Container image reference (registry/repository:tag or @digest).',
  required: true,
  minLength: 1,
  maxLength: 512,
});

/** `size`: the preset that sets CPU and memory requests and limits. */
export const sizeField = enumeration(SIZE_NAMES, {
  description:
    'Resource preset: micro 100m/500m CPU, 256Mi/1Gi memory; small 250m/1000m, 512Mi/2Gi; ' +
    'medium 500m/2000m, 1Gi/4Gi; large 1000m/4000m, 2Gi/8Gi (request/limit).',
  default: DEFAULT_SIZE,
});

function secretSlot(n: number) {
  return string({
    description: `Name of an existing Secret in the claim's namespace whose keys become environment variables (slot ${n}; unset slots add nothing).`,
    pattern: DNS_SUBDOMAIN,
    maxLength: 253,
  });
}

/** `secret1Name` … `secret5Name`. */
export const secretSlotFields = {
  secret1Name: secretSlot(1),
  secret2Name: secretSlot(2),
  secret3Name: secretSlot(3),
  secret4Name: secretSlot(4),
  secret5Name: secretSlot(5),
};

/** `env`: plain name/value environment variables. */
export const envField = array(
  object(
    {
      name: string({ description: 'Variable name.', required: true, pattern: ENV_NAME, maxLength: 256 }),
      value: string({
        description:
          'Variable value (not for secrets: use a secret slot). Tabs and newlines are fine; other control characters are not.',
        required: true,
        // The init container receives values through a Go-quoted JSON template, which these would break.
        pattern: ENV_VALUE,
      }),
    },
    { description: 'One environment variable.' },
  ),
  {
    description: 'Environment variables for the container (and the init container).',
    maxItems: ENV_MAX_ITEMS,
    listType: 'map',
    listMapKeys: ['name'],
    rules: [
      {
        rule: `self.all(e, !(e.name in [${RESERVED_ENV_NAMES.map((n) => `'${n}'`).join(', ')}]))`,
        message: `env must not set variables the platform composes: ${RESERVED_ENV_NAMES.join(', ')}`,
      },
    ],
  },
);

/** `imagePullSecrets`: registry credentials, by Secret name. */
export const imagePullSecretsField = array(
  object(
    { name: string({ description: 'Secret name.', required: true, pattern: DNS_SUBDOMAIN, maxLength: 253 }) },
    { description: 'A docker-registry Secret in the claim namespace.' },
  ),
  { description: 'Secrets used to pull the image.', maxItems: 5, listType: 'map', listMapKeys: ['name'] },
);

/** `sessionAffinity` of the Service. */
export const sessionAffinityField = enumeration(['None', 'ClientIP'], {
  description: 'Session affinity of the Service.',
  default: 'None',
});

/** `database`: a PostgreSQL database and role on the shared instance. */
export const databaseField = object(
  {
    name: string({
      description:
        'SQL name of the database and of its owner role, e.g. ide_orchestrator. The pod gets DATABASE_URL.',
      required: true,
      pattern: SQL_IDENTIFIER,
    }),
  },
  { description: 'A database of its own on the shared PostgreSQL instance; omit for none.' },
);

/** `initContainer`: a one-shot command run before the main container, e.g. migrations. */
export const initContainerField = object(
  {
    command: array(string({ description: 'Argument.' }), {
      description: 'Command (entrypoint) to run, e.g. ["node", "dist/orchestrator/migrate.js"].',
      required: true,
      minItems: 1,
      maxItems: 32,
    }),
    args: array(string({ description: 'Argument.' }), {
      description: 'Arguments to the command.',
      maxItems: 64,
    }),
  },
  { description: 'Runs before the main container with the same image, env and secrets (migrations).' },
);

/** A TCP port number. */
export function portField(description: string, defaultPort?: number) {
  return integer({
    description,
    minimum: 1,
    maximum: 65535,
    ...(defaultPort ? { default: defaultPort } : {}),
  });
}

/** An HTTP path used by a probe. */
export function probePathField(description: string, defaultPath?: string) {
  return string({
    description,
    pattern: HTTP_PATH,
    maxLength: 1024,
    ...(defaultPath ? { default: defaultPath } : {}),
  });
}
