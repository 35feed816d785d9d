import { defineApi, integer, object, string } from '../../schema/index.js';
import {
  DNS_LABEL,
  databaseField,
  envField,
  HOSTNAME,
  HTTP_PATH,
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
import { autoscalingField, shutdownField, topologySpreadField } from '../shared/availability-fields.js';

/** The WebService API: an HTTP service with an optional public HTTPS route and database. */
export const webServiceApi = defineApi({
  kind: 'WebService',
  plural: 'webservices',
  shortNames: ['websvc'],
  categories: ['zerotouch'],
  description:
    'An HTTP service: Deployment (spread over nodes and zones, rolled out without dropping below the desired ' +
    'count), Service and ServiceAccount, plus a HorizontalPodAutoscaler when autoscaling is set, a ' +
    'PodDisruptionBudget when it runs 2 or more pods, a public HTTPS route when hostname is set, a PostgreSQL ' +
    'database when database is set and a backend URL when backendService is set.',
  spec: object(
    {
      image: imageField,
      port: portField('Port the container listens on; the Service exposes the same port.', 8080),
      size: sizeField,
      replicas: integer({
        description:
          'Number of pods when autoscaling is not set; 2 or more also gives the service a PodDisruptionBudget.',
        minimum: 0,
        maximum: 50,
        default: 2,
      }),
      autoscaling: autoscalingField,
      topologySpread: topologySpreadField,
      shutdown: shutdownField(
        { gracePeriodSeconds: 45, preStopPauseSeconds: 10 },
        'What is left after the pause is the time to finish requests and close connections.',
      ),
      ...secretSlotFields,
      env: envField,
      healthPath: probePathField('HTTP path of the liveness probe.', '/health'),
      readyPath: probePathField('HTTP path of the readiness probe.', '/ready'),
      imagePullSecrets: imagePullSecretsField,
      sessionAffinity: sessionAffinityField,
      hostname: string({
        description:
          'Public hostname; when set, an HTTPS route on the shared Gateway (and an HTTP→HTTPS redirect).',
        pattern: HOSTNAME,
        maxLength: 253,
      }),
      pathPrefix: string({
        description: 'Path prefix routed to the service on hostname.',
        pattern: HTTP_PATH,
        maxLength: 1024,
        default: '/',
      }),
      database: databaseField,
      initContainer: initContainerField,
      backendService: object(
        {
          name: string({ description: 'Service name of the backend.', pattern: DNS_LABEL, maxLength: 63 }),
          namespace: string({
            description: "Namespace of the backend; defaults to the claim's namespace.",
            pattern: DNS_LABEL,
            maxLength: 63,
          }),
          port: portField('Port of the backend Service.'),
        },
        {
          description:
            'A backend this service calls; the pod gets BACKEND_SERVICE_URL=http://<name>.<namespace>.svc.cluster.local:<port>.',
          rules: [
            {
              rule: '!has(self.name) || has(self.port)',
              message: 'backendService.name requires backendService.port',
              fieldPath: '.port',
            },
            {
              rule: '!has(self.port) || has(self.name)',
              message: 'backendService.port requires backendService.name',
              fieldPath: '.name',
            },
            {
              rule: '!has(self.namespace) || has(self.name)',
              message: 'backendService.namespace requires backendService.name',
              fieldPath: '.name',
            },
          ],
        },
      ),
    },
    {
      description: 'Desired state of the web service.',
      required: true,
      rules: [
        {
          rule: "!has(self.pathPrefix) || self.pathPrefix == '/' || has(self.hostname)",
          message: 'pathPrefix requires hostname',
          fieldPath: '.pathPrefix',
        },
      ],
    },
  ),
  status: statusField,
  printerColumns: statusPrinterColumns,
});
