import { useState } from 'react';
import { type ConsoleApi, describeFailure, useResource } from '../api/index.js';
import { Alert } from './dialog.js';

/** The workflow's published versions and **Publish version** (the draft as the next version). */
export function VersionsPanel({ api, workflowId }: { api: ConsoleApi; workflowId: string }) {
  const versions = useResource(() => api.listVersions(workflowId), workflowId);
  const [error, setError] = useState<string>();
  const publish = async () => {
    setError(undefined);
    try {
      await api.publishVersion(workflowId);
      await versions.reload();
    } catch (e) {
      setError(describeFailure(e));
    }
  };
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <Alert message={error ?? versions.error} />
      <button type="button" onClick={publish}>
        Publish version
      </button>
      <ul aria-label="Published versions">
        {(versions.value ?? []).map((v) => (
          <li key={v.version}>
            Version {v.version}: {v.file_count} file(s), {new Date(v.created_at).toLocaleString()}
          </li>
        ))}
      </ul>
    </section>
  );
}
