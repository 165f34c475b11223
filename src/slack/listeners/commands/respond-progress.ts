import type { RespondFn } from '@slack/bolt';

/**
 * An `onProgress` listener that shows "`analysed` of `total`" to the user through `respond()`, replacing the
 * previous progress message. A response_url allows 5 uses, so it reports at most three progress steps and leaves
 * the rest for the result or an error. A failed report is ignored: progress is never worth failing the work for.
 */
export function respondProgress(
  respond: RespondFn,
  describe: (analysed: number, total: number) => string,
): (p: { analysed: number; total: number }) => void {
  let lastReported = 0;
  return ({ analysed, total }) => {
    if (total === 0 || analysed === total || analysed - lastReported < Math.max(1, Math.ceil(total / 3))) return;
    lastReported = analysed;
    respond({ response_type: 'ephemeral', replace_original: true, text: describe(analysed, total) }).catch(
      () => undefined,
    );
  };
}
