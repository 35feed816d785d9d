/** Hardening shared by every container the platform composes. */

/** The uid/gid of the `node` user of our images: `runAsNonRoot` needs a numeric user. */
export const RUN_AS = 1000;

/** Container-level hardening shared by the main and the init container. */
export const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};

/** A writable /tmp for a read-only root filesystem. */
export const TMP_MOUNT = [{ name: 'tmp', mountPath: '/tmp' }];
