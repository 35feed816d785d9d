import { useEffect, useState } from 'react';
import { type ConsoleApi, type Draft, describeFailure, type Resource } from '../api/index.js';
import { Alert, Field, FormDialog } from './dialog.js';
import { FileEditor } from './file-editor.js';

/** Props of {@link DraftPanel}. */
export interface DraftPanelProps {
  readonly api: ConsoleApi;
  readonly workflowId: string;
  readonly draft: Resource<Draft>;
}

/** The draft: its file tree, the editor of the selected file, New file, Save and Delete file. */
export function DraftPanel({ api, workflowId, draft }: DraftPanelProps) {
  const [selected, setSelected] = useState<string>();
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [isNewFileOpen, setNewFileOpen] = useState(false);
  const [newPath, setNewPath] = useState('');
  const files = draft.value?.files ?? {};
  const paths = Object.keys(files).sort();
  const current = selected && files[selected] ? selected : undefined;
  const saved = current ? (files[current]?.content.join('\n') ?? '') : '';
  // A new revision (save, approve) reopens the file with what the server holds.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new revision or file resets the text
  useEffect(() => setText(saved), [draft.value?.revision, current]);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await action();
      await draft.reload();
      setNotice(done);
    } catch (e) {
      setError(describeFailure(e));
    }
  };
  const open = (path: string) => {
    setSelected(path);
    setNotice(undefined);
  };
  const save = () => current && run(() => api.putFile(workflowId, current, text), `Saved ${current}`);
  const createFile = async () => {
    const path = newPath.trim().startsWith('/') ? newPath.trim() : `/${newPath.trim()}`;
    await run(() => api.putFile(workflowId, path, ''), `Created ${path}`);
    setNewFileOpen(false);
    setNewPath('');
    setSelected(path);
  };

  return (
    <section aria-labelledby="draft-heading" className="draft">
      <h2 id="draft-heading">Draft</h2>
      <Alert message={error ?? draft.error} />
      {notice && <p role="status">{notice}</p>}
      <div className="draft-body">
        <nav aria-label="Files">
          <ul className="file-tree">
            {paths.map((path) => (
              <li key={path}>
                <button type="button" aria-pressed={path === current} onClick={() => open(path)}>
                  {path}
                </button>
              </li>
            ))}
          </ul>
          {paths.length === 0 && <p className="muted">The draft has no files yet.</p>}
          <button type="button" onClick={() => setNewFileOpen(true)}>
            New file
          </button>
        </nav>
        <div className="file-pane">
          {current ? (
            <>
              <h3>{current}</h3>
              <FileEditor
                key={`${current}@${draft.value?.revision}`}
                initial={saved}
                onChange={setText}
                onSave={save}
              />
              <div className="actions">
                <button type="button" onClick={save}>
                  Save
                </button>
                <button
                  type="button"
                  onClick={() => run(() => api.deleteFile(workflowId, current), `Deleted ${current}`)}
                >
                  Delete file
                </button>
              </div>
            </>
          ) : (
            <p className="muted">Select a file to edit it.</p>
          )}
        </div>
      </div>
      {isNewFileOpen && (
        <FormDialog
          title="New file"
          submitLabel="Create"
          onSubmit={createFile}
          onClose={() => setNewFileOpen(false)}
        >
          <Field label="Path" value={newPath} onChange={setNewPath} isRequired />
        </FormDialog>
      )}
    </section>
  );
}
