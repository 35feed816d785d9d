/**
 * NATS credentials and TLS of an EventDrivenService: each Secret named in `spec.nats` is mounted
 * read-only and its files are passed to the worker by path (NATS_CREDS_FILE, NATS_TLS_*), so no
 * secret value ever appears in a manifest or in the environment.
 */
import { ENV } from '../../../../common/contracts/env.js';
import {
  convert,
  format,
  fromXr,
  jsonTemplate,
  matchRegexp,
  type Patch,
} from '../../../compositions/index.js';
import { MAIN } from '../../shared/container.js';

/** Where the credentials Secret is mounted; its key `nats.creds` is the creds file (JWT + NKey seed). */
export const NATS_CREDS_DIR = '/etc/nats/creds';
/** Where the TLS Secret (`ca.crt`, optional `tls.crt` + `tls.key`: a cert-manager Certificate's Secret) is mounted. */
export const NATS_TLS_DIR = '/etc/nats/tls';

/** Owner and group may read; the pod's fsGroup owns the files. */
const SECRET_FILE_MODE = 0o440;

interface MountedSecret {
  readonly field: string;
  readonly volume: string;
  readonly dir: string;
  readonly env: readonly { name: string; value: string }[];
}

const MOUNTED: readonly MountedSecret[] = [
  {
    field: 'spec.nats.credentialsSecretName',
    volume: 'nats-credentials',
    dir: NATS_CREDS_DIR,
    env: [{ name: ENV.natsCredsFile, value: `${NATS_CREDS_DIR}/nats.creds` }],
  },
  {
    field: 'spec.nats.tlsSecretName',
    volume: 'nats-tls',
    dir: NATS_TLS_DIR,
    env: [
      { name: ENV.natsTlsCaFile, value: `${NATS_TLS_DIR}/ca.crt` },
      { name: ENV.natsTlsCertFile, value: `${NATS_TLS_DIR}/tls.crt` },
      { name: ENV.natsTlsKeyFile, value: `${NATS_TLS_DIR}/tls.key` },
      // tls.crt/tls.key are optional keys of the Secret: absent both means no client certificate.
      { name: ENV.natsTlsCertOptional, value: 'true' },
    ],
  },
];

const append = { merge: 'ForceMergeObjectsAppendArrays' } as const;

/** Patches adding the volume, the mount and the file variables of each Secret that is set. */
export function natsSecretPatches(): Patch[] {
  return MOUNTED.flatMap((m) => [
    fromXr(m.field, 'spec.template.spec.volumes', {
      transforms: [
        format(
          jsonTemplate([
            { name: m.volume, secret: { secretName: '@@%[1]s@@', defaultMode: SECRET_FILE_MODE } },
          ]),
        ),
        convert('array', true),
      ],
      ...append,
    }),
    // Constant lists whatever the Secret's name: `match` on any value (a format would need a verb).
    fromXr(m.field, `${MAIN}.volumeMounts`, {
      transforms: [matchRegexp('.*', [{ name: m.volume, mountPath: m.dir, readOnly: true }])],
      ...append,
    }),
    fromXr(m.field, `${MAIN}.env`, { transforms: [matchRegexp('.*', m.env)], ...append }),
  ]);
}
