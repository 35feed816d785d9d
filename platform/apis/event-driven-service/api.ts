import { NATS_SERVERS_PATTERN } from '../../../common/nats/servers.js';
import { defaultConfig, type PlatformConfig } from '../../config.js';
import { array, boolean, defineApi, integer, object, string } from '../../schema/index.js';
import {
  DNS_LABEL,
  DNS_SUBDOMAIN,
  databaseField,
  envField,
  imageField,
  imagePullSecretsField,
  initContainerField,
  portField,
  probePathField,
  secretSlotFields,
  sessionAffinityField,
  sizeField,
} from '../shared/common-fields.js';
import { statusField, statusPrinterColumns } from '../shared/common-status.js';
import { shutdownField, topologySpreadField } from '../shared/availability-fields.js';

/** A JetStream stream or consumer name (NATS forbids spaces, dots, `*`, `>`). */
const NATS_NAME = '^[A-Za-z0-9_-]+$';

function scalingField() {
  return object(
    {
      minReplicas: integer({
        description: 'Pods while there is work.',
        minimum: 1,
        maximum: 100,
        default: 1,
      }),
      maxReplicas: integer({ description: 'Upper bound of pods.', minimum: 1, maximum: 100, default: 10 }),
      lagThreshold: integer({
        description: 'Pending messages per pod that trigger a scale-up.',
        minimum: 1,
        default: 10,
      }),
      activationLagThreshold: integer({
        description: 'Pending messages above which a scaled-to-zero worker wakes up.',
        minimum: 0,
        default: 0,
      }),
      pollingInterval: integer({
        description: 'Seconds between lag checks.',
        minimum: 1,
        maximum: 3600,
        default: 15,
      }),
      cooldownPeriod: integer({
        description: 'Seconds without work before scaling to zero.',
        minimum: 0,
        maximum: 86400,
        default: 300,
      }),
      scaleToZero: boolean({
        description: 'Scale to zero pods when the consumer has no pending work.',
        default: true,
      }),
    },
    {
      description: 'KEDA scaling on the consumer lag.',
      default: {},
      rules: [
        {
          rule: 'self.maxReplicas >= self.minReplicas',
          message: 'scaling.maxReplicas must be >= scaling.minReplicas',
          fieldPath: '.maxReplicas',
        },
      ],
    },
  );
}

/** Builds the EventDrivenService API for an environment (the NATS URL default comes from it). */
export function defineEventDrivenServiceApi(config: PlatformConfig) {
  return defineApi({
    kind: 'EventDrivenService',
    plural: 'eventdrivenservices',
    shortNames: ['eds'],
    categories: ['zerotouch'],
    description:
      'A NATS JetStream worker scaled by KEDA on consumer lag: Deployment (replicas owned by KEDA), ScaledObject and ' +
      'ServiceAccount, plus a PodDisruptionBudget when it may run 2 or more pods, an HTTP Service when httpPort is ' +
      'set, a PostgreSQL database when database is set and a NetworkPolicy when allowedCallers is set.',
    spec: object(
      {
        image: imageField,
        size: sizeField,
        nats: object(
          {
            url: string({
              description:
                'NATS server URLs (NATS_URL in the pod): nats://host:port, or tls://host:port to require TLS; ' +
                'several servers separated by commas. No credentials in the URL: see credentialsSecretName.',
              default: config.nats.url,
              minLength: 1,
              maxLength: 1024,
              pattern: NATS_SERVERS_PATTERN,
            }),
            credentialsSecretName: string({
              description:
                'Secret whose key nats.creds is a NATS credentials file (user JWT + NKey seed); mounted read-only ' +
                'and passed as NATS_CREDS_FILE.',
              pattern: DNS_SUBDOMAIN,
              maxLength: 253,
            }),
            tlsSecretName: string({
              description:
                'Secret with ca.crt (the CA that signed the NATS server certificate) and, for mutual TLS, tls.crt ' +
                'and tls.key (e.g. a cert-manager Certificate); mounted read-only and passed as NATS_TLS_CA_FILE, ' +
                'NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE. TLS is then required.',
              pattern: DNS_SUBDOMAIN,
              maxLength: 253,
            }),
            stream: string({
              description: 'JetStream stream to consume.',
              required: true,
              pattern: NATS_NAME,
            }),
            consumer: string({
              description: 'Durable pull consumer on the stream.',
              required: true,
              pattern: NATS_NAME,
            }),
          },
          { description: 'Where the work comes from.', required: true },
        ),
        scaling: scalingField(),
        topologySpread: topologySpreadField,
        shutdown: shutdownField(
          { gracePeriodSeconds: 120, preStopPauseSeconds: 5 },
          'Long enough for an in-flight job to reach its next checkpoint, so a scale-in resumes it elsewhere instead of repeating it.',
        ),
        httpPort: portField(
          'Port of an HTTP server in the worker; when set, a ClusterIP Service exposes it.',
        ),
        healthPath: probePathField('HTTP path of the liveness probe (requires httpPort).'),
        readyPath: probePathField('HTTP path of the readiness probe (requires httpPort).'),
        sessionAffinity: sessionAffinityField,
        ...secretSlotFields,
        env: envField,
        database: databaseField,
        initContainer: initContainerField,
        imagePullSecrets: imagePullSecretsField,
        allowedCallers: array(
          object(
            {
              name: string({
                description: 'Workload name (the app.kubernetes.io/name label of its pods).',
                required: true,
                pattern: DNS_LABEL,
                maxLength: 63,
              }),
              namespace: string({
                description: "Namespace of the caller; defaults to the claim's namespace.",
                pattern: DNS_LABEL,
                maxLength: 63,
              }),
            },
            { description: 'A workload allowed to connect.' },
          ),
          {
            description:
              'Workloads allowed to reach the worker; when set, a NetworkPolicy denies all other ingress to its pods.',
            minItems: 1,
            maxItems: 5,
          },
        ),
        metricsScraper: object(
          {
            namespace: string({
              description: 'Namespace of the Prometheus that scrapes the worker.',
              required: true,
              pattern: DNS_LABEL,
              maxLength: 63,
            }),
            name: string({
              description:
                'app.kubernetes.io/name of the Prometheus pods; any pod of the namespace when absent.',
              pattern: DNS_LABEL,
              maxLength: 63,
            }),
          },
          {
            description:
              'A Prometheus the NetworkPolicy (see allowedCallers) admits to httpPort, where GET /metrics answers. ' +
              'Requires httpPort.',
          },
        ),
      },
      {
        description: 'Desired state of the event-driven service.',
        required: true,
        rules: [
          {
            rule: '!has(self.healthPath) || has(self.httpPort)',
            message: 'healthPath requires httpPort',
            fieldPath: '.healthPath',
          },
          {
            rule: '!has(self.readyPath) || has(self.httpPort)',
            message: 'readyPath requires httpPort',
            fieldPath: '.readyPath',
          },
          {
            rule: '!has(self.metricsScraper) || has(self.httpPort)',
            message: 'metricsScraper requires httpPort',
            fieldPath: '.metricsScraper',
          },
          {
            rule: "!has(self.sessionAffinity) || self.sessionAffinity == 'None' || has(self.httpPort)",
            message: 'sessionAffinity requires httpPort',
            fieldPath: '.sessionAffinity',
          },
        ],
      },
    ),
    status: statusField,
    printerColumns: statusPrinterColumns,
  });
}

/** The EventDrivenService API for the default configuration. */
export const eventDrivenServiceApi = defineEventDrivenServiceApi(defaultConfig);
