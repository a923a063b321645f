import crypto from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Stable per notification: a resend after a crash carries the same Message-ID. */
  dedupeKey: string;
}

/** Sends e-mail through SMTP (COMITY_SMTP_URL). Unset: no mailer, and mail jobs are skipped. */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(m: MailMessage): Promise<void> {
    const id = crypto.createHash('sha256').update(m.dedupeKey).digest('hex').slice(0, 32);
    const domain = this.from.split('@')[1] ?? 'comity.invalid';
    await this.transport.sendMail({
      from: this.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      messageId: `<${id}@${domain}>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }

  close(): void {
    this.transport.close();
  }
}
