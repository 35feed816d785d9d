import * as ws from 'ws';
import { OPCODE } from '../engine/frame-reader.js';

/** ws's frame writer (exported by ws as `Sender`, not declared by @types/ws). */
const { Sender } = ws as unknown as {
  Sender: {
    frame(
      data: Buffer,
      options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean },
    ): Buffer[];
  };
};

/**
 * A frame as a `ws` server writes it (unmasked): the independent reference for the bytes the
 * relay must read and forward. `mask: true` gives a client frame, which servers must not send.
 */
export function serverFrame(
  payload: string | Buffer,
  options: { opcode?: number; fin?: boolean; mask?: boolean } = {},
): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat(
    Sender.frame(data, {
      fin: options.fin ?? true,
      opcode: options.opcode ?? OPCODE.text,
      mask: options.mask ?? false,
      readOnly: false,
      rsv1: false,
    }),
  );
}
