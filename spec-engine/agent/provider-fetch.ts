/** The name of the error a stalled response body fails with. */
export const STALLED_ERROR_NAME = 'ModelStreamStalledError';

/**
 * A `fetch` for the provider clients that fails a response whose body stops arriving for
 * `idleMs`. The SDKs' own `timeout` ends at the response headers (openai 6.x and
 * @anthropic-ai/sdk 0.x clear their timer once `fetch` resolves), so a provider that sends
 * headers and then stalls mid-stream would otherwise hold a run for ever.
 */
export function createStallGuardFetch(provider: string, idleMs: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const reader = response.body.getReader();
    let timer: NodeJS.Timeout | undefined;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const stalled = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const error = new Error(
              `${provider} stopped sending its answer: nothing arrived for ${idleMs / 1000} s`,
            );
            error.name = STALLED_ERROR_NAME;
            reject(error);
          }, idleMs);
        });
        try {
          const { done, value } = await Promise.race([reader.read(), stalled]);
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          // Closing the connection stops the provider's work (and its bill) on this answer.
          void reader.cancel(error).catch(() => {});
          controller.error(error);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel(reason) {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
