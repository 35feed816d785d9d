import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { minimalSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

/** Props of {@link FileEditor}. */
export interface FileEditorProps {
  /** The text when the file was opened; a new `path` (as React key) starts a new editor. */
  readonly initial: string;
  readonly onChange: (text: string) => void;
  /** Ctrl/Cmd-S. */
  readonly onSave: () => void;
}

/** The CodeMirror 6 editor of one draft file, labelled "File content" for people and screen readers. */
export function FileEditor({ initial, onChange, onSave }: FileEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onChange, onSave });
  callbacks.current = { onChange, onSave };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor owns the text after it starts; a new file gets a new component
  useEffect(() => {
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initial,
        extensions: [
          minimalSetup,
          lineNumbers(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'File content' }),
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                callbacks.current.onSave();
                return true;
              },
            },
          ]),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    return () => view.destroy();
  }, []);
  return <div className="editor" ref={host} />;
}
