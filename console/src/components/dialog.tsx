import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';

/** Props of {@link FormDialog}. */
export interface FormDialogProps {
  readonly title: string;
  /** The submit button's name (e.g. "Create"). */
  readonly submitLabel: string;
  readonly onSubmit: () => void;
  readonly onClose: () => void;
  readonly isBusy?: boolean;
  readonly error?: string | undefined;
  readonly children?: ReactNode;
}

/** A modal form (native `<dialog>`: focus stays inside, Escape closes it). */
export function FormDialog({
  title,
  submitLabel,
  onSubmit,
  onClose,
  isBusy,
  error,
  children,
}: FormDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={onClose} className="dialog">
      <form onSubmit={submit}>
        <h2 id={titleId}>{title}</h2>
        {children}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={isBusy}>
            {submitLabel}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A labelled text field. */
export function Field(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  isRequired?: boolean;
  type?: 'text' | 'password';
  isMultiline?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.isMultiline ? (
        <textarea id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)} rows={3} />
      ) : (
        <input
          id={id}
          type={props.type ?? 'text'}
          value={props.value}
          required={props.isRequired}
          autoComplete="off"
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </div>
  );
}

/** A message a person must notice (`role="alert"`), or nothing. */
export function Alert({ message }: { message: string | undefined }) {
  return message ? (
    <p role="alert" className="error">
      {message}
    </p>
  ) : null;
}
