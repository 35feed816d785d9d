/**
 * Fields that keep a service available through node drains, rollouts and scale-in: topology spread,
 * the shutdown budget and (WebService) the CPU autoscaler. Declared once here so both APIs mean the
 * same thing by them.
 */
import { enumeration, integer, object } from '../../schema/index.js';

/** Most replicas an autoscaler may reach. */
export const MAX_AUTOSCALED_REPLICAS = 100;

/** `topologySpread`: how strictly pods spread across nodes and zones. */
export const topologySpreadField = enumeration(['ScheduleAnyway', 'DoNotSchedule'], {
  description:
    'Pods spread across nodes (kubernetes.io/hostname) and zones (topology.kubernetes.io/zone) with a skew of ' +
    'at most 1: ScheduleAnyway prefers it and still schedules on a full or single-zone cluster; DoNotSchedule ' +
    'leaves a pod Pending rather than break it (and skips nodes without the zone label).',
  default: 'ScheduleAnyway',
});

/** The shutdown budget of a pod; the defaults differ per API. */
export function shutdownField(
  defaults: { gracePeriodSeconds: number; preStopPauseSeconds: number },
  why: string,
) {
  return object(
    {
      gracePeriodSeconds: integer({
        description: `Seconds between the pod being asked to stop and being killed (terminationGracePeriodSeconds). ${why}`,
        minimum: 2,
        maximum: 3600,
        default: defaults.gracePeriodSeconds,
      }),
      preStopPauseSeconds: integer({
        description:
          'Seconds the pod keeps serving before it gets SIGTERM (a preStop sleep), so Service endpoints and the ' +
          'Gateway stop sending it new traffic first. Counts against gracePeriodSeconds.',
        minimum: 1,
        maximum: 300,
        default: defaults.preStopPauseSeconds,
      }),
    },
    {
      description: 'How a pod stops: a pause for traffic to move away, then SIGTERM and a grace period.',
      default: {},
      rules: [
        {
          rule: 'self.preStopPauseSeconds < self.gracePeriodSeconds',
          message: 'shutdown.preStopPauseSeconds must be < shutdown.gracePeriodSeconds',
          fieldPath: '.preStopPauseSeconds',
        },
      ],
    },
  );
}

/** `autoscaling` of a WebService: an autoscaling/v2 HorizontalPodAutoscaler on CPU. */
export const autoscalingField = object(
  {
    minReplicas: integer({
      description: 'Fewest pods; 2 or more also gives the service a PodDisruptionBudget.',
      minimum: 1,
      maximum: MAX_AUTOSCALED_REPLICAS,
      default: 2,
    }),
    maxReplicas: integer({
      description: 'Most pods.',
      required: true,
      minimum: 1,
      maximum: MAX_AUTOSCALED_REPLICAS,
    }),
    targetCPUUtilization: integer({
      description: 'Average CPU use, in percent of the CPU request, the autoscaler keeps the pods at.',
      minimum: 1,
      maximum: 100,
      default: 70,
    }),
  },
  {
    description:
      'Scale on CPU with a HorizontalPodAutoscaler, which then owns the replica count: replicas is ignored ' +
      'and the Deployment carries none, so the composition never resets what the autoscaler chose.',
    rules: [
      {
        // Guarded: a missing maxReplicas is reported once, as the required field it is.
        rule: '!has(self.maxReplicas) || self.maxReplicas >= self.minReplicas',
        message: 'autoscaling.maxReplicas must be >= autoscaling.minReplicas',
        fieldPath: '.maxReplicas',
      },
    ],
  },
);
