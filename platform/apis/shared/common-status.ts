/** The status both APIs report, written back by their compositions. */
import type { PrinterColumn } from '../../schema/index.js';
import { integer, object, string } from '../../schema/index.js';

/** `status`: what a user needs to reach and check the service. */
export const statusField = object(
  {
    url: string({ description: 'Public URL (https://hostname/pathPrefix) when a route is composed.' }),
    address: string({ description: 'In-cluster address (host:port) of the Service, when one is composed.' }),
    readyReplicas: integer({ description: 'Pods ready now.' }),
    databaseSecretName: string({
      description:
        'Secret (username, password, endpoint, port) of the database role, when a database is composed.',
    }),
  },
  { description: 'Observed state of the service.' },
);

/** Printer columns for `kubectl get`. */
export const statusPrinterColumns: readonly PrinterColumn[] = [
  { name: 'URL', type: 'string', jsonPath: '.status.url' },
  { name: 'ADDRESS', type: 'string', jsonPath: '.status.address', priority: 1 },
  { name: 'READY-REPLICAS', type: 'integer', jsonPath: '.status.readyReplicas' },
  { name: 'DB-SECRET', type: 'string', jsonPath: '.status.databaseSecretName', priority: 1 },
];
