import { runDoctor } from '../../../doctor/checks.js';
import { buildDoctorMessage } from '../../blocks/doctor.js';
import type { Handler } from './types.js';

/**
 * `/creative-score doctor` (approvers only): acks at once, runs the checks in the background and answers with an
 * ephemeral report through the command's response_url, so only the person who asked sees it.
 */
export const doctorCommand: Handler<'doctor'> = async ({ ack, command, respond, ctx }) => {
  const { services } = ctx;
  if (!services.decisions.isApprover(command.user_id)) {
    await ack({
      response_type: 'ephemeral',
      text: ':no_entry: Only decision approvers can run `/creative-score doctor`. Ask one of them, or whoever runs the bot (DECISION_APPROVERS lists who may).',
    });
    return;
  }
  await ack({
    response_type: 'ephemeral',
    text: ':stethoscope: Running checks… (Slack, TikTok, Mavera, TikOmni; read-only, no credits spent)',
  });
  ctx.background.run('doctor', async () => {
    const report = await runDoctor({ config: services.config, store: services.store, now: services.clock.now() });
    await respond({ response_type: 'ephemeral', replace_original: false, ...buildDoctorMessage(report) });
  });
};
