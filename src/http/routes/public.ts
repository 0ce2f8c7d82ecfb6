import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { serviceHours } from '../../domain/service-hours.js';
import { decisionWorkingDays } from '../../domain/sla.js';
import { parseIsoInstant } from '../../domain/validation.js';
import { blankAsMissing, plainString, regionCode } from '../schemas.js';
import { listDevMail } from '../../store/dev-mailbox.js';
import { dueDate, serviceHours as serviceHoursAnswer } from '../responses/sla.js';
import { devMailbox } from '../responses/dev.js';
import { channels } from '../responses/channels.js';
import { devSmsRoutes } from './dev-sms.js';

export function publicRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/calendar/due-date', {
    schema: {
      tags: ['calendar'],
      summary: 'Receipt day and due day of an application submitted at a given time',
      querystring: z.object({
        region: regionCode,
        submittedAt: z.preprocess(
          // An unencoded "+08:00" in a query string arrives as " 08:00"; take it as the "+" it was.
          (v) => (typeof v === 'string' ? v.replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/, '$1+$2') : v),
          z.string().max(40).refine((v) => parseIsoInstant(v) !== null, 'an ISO 8601 time with its offset, e.g. 2026-09-30T19:00:00+08:00'),
        ),
        workingDays: blankAsMissing(z.coerce.number().int().min(1).max(60).default(decisionWorkingDays)),
      }),
      response: { 200: dueDate },
    },
  }, async (req) => {
    const cal = ctx.calendars.calendar(req.query.region);
    const received = cal.receiptDay(parseIsoInstant(req.query.submittedAt)!);
    const due = cal.dueDay(received.date, req.query.workingDays);
    return {
      region: cal.region,
      receivedOn: received.date,
      dueOn: due.date,
      provisional: received.provisional || due.provisional,
      workingDays: req.query.workingDays,
      calendarVersion: cal.version(),
    };
  });

  r.get('/service-hours', {
    schema: {
      tags: ['calendar'],
      summary: 'Is the hotline open now, and when does it open or close',
      querystring: z.object({ region: blankAsMissing(regionCode.default('CN')) }),
      response: { 200: serviceHoursAnswer },
    },
  }, async (req) => {
    const settings = ctx.calendars.settings(req.query.region);
    const answer = serviceHours(ctx.clock.now(), ctx.calendars.calendar(req.query.region), settings.hotline);
    return { region: req.query.region, hotline: settings.hotline.number, timeZone: settings.timeZone, ...answer };
  });

  r.get('/channels', {
    schema: { tags: ['calendar'], summary: 'Where to mail a signed form and which short code takes texts', response: { 200: channels } },
  }, async () => ({ mailIn: ctx.config.mailIn ? { address: ctx.config.mailIn.address } : null, smsShortcode: ctx.config.smsShortcode }));

  // Incoming texts can be played by hand only while replies land in the dev mailbox too.
  if (ctx.sender.devMailbox.sms && !ctx.config.smppUrl) devSmsRoutes(app, ctx);

  if (ctx.sender.devMailbox.email || ctx.sender.devMailbox.sms) {
    r.get('/dev/mailbox', {
      schema: {
        tags: ['dev'],
        summary: 'Messages that would have been sent, newest first (only while SMTP_URL/SMPP_URL are unset)',
        querystring: z.object({ to: plainString(254).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: devMailbox },
      },
    }, async (req) => {
      const rows = await listDevMail(ctx.db, ctx.vault, { to: req.query.to, limit: req.query.limit });
      return Promise.all(
        rows.map(async (m) => ({
          id: m.id, channel: m.channel, to: await ctx.vault.open(m.recipient), subject: m.subject,
          text: await ctx.vault.open(m.body), sentAt: m.sent_at.toISOString(),
        })),
      );
    });
  }
}
