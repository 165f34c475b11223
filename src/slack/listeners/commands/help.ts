import { buildHelpMessage } from '../../blocks/help.js';
import type { Handler } from './types.js';

/** `/creative-score help`: every sub-command (the creator ones only when creator mode is on). */
export const helpCommand: Handler<'help'> = async ({ ack, ctx }) => {
  await ack({ response_type: 'ephemeral', ...buildHelpMessage({ creators: ctx.services.creators !== null }) });
};
