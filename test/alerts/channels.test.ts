import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Outbound } from '../../worker/alerts/channel'
import { readAlertConfig } from '../../worker/config'
import { emailChannel } from '../../worker/alerts/email'
import { webhookChannel } from '../../worker/alerts/webhook'
import { whatsappChannel } from '../../worker/alerts/whatsapp'
import { startReceiver } from '../support/receiver'

const message: Outbound = {
  key: '42',
  recipient: { name: 'Supervisor SLRT', phone: '+6281234567890', email: 'sup@dinsos.example.go.id', push: [] },
  alert: { id: 7, kind: 'eskalasi', caseId: 3, rung: 2, urgent: false },
  message: { title: 'Kasus 2611-0003 melewati target (tingkat 2)', detail: 'kedua', text: 'baris\nkedua', link: 'https://sigap.example.go.id/cases/3', templateParams: ['judul', 'rinci', 'https://sigap.example.go.id/cases/3'] },
}

describe('alert channels', () => {
  it('signs the webhook body with HMAC-SHA256 over timestamp and body, with the idempotency key', async () => {
    const secret = 'a-webhook-secret-of-at-least-32-chars!'
    const receiver = await startReceiver((req) => {
      const expected = createHmac('sha256', secret).update(`${req.headers['x-sigap-timestamp']}.${req.body}`).digest('hex')
      return req.headers['x-sigap-signature'] === `sha256=${expected}` ? 204 : 401
    })
    const channel = webhookChannel({ url: `${receiver.url}/hook`, secret }, fetch, () => Date.parse('2026-11-24T02:00:00Z'))
    expect(await channel.send(message)).toEqual({ ok: true })
    const [req] = receiver.received
    expect(req).toMatchObject({ method: 'POST', path: '/hook' })
    expect(req!.headers['idempotency-key']).toBe('42')
    expect(req!.headers['x-sigap-timestamp']).toBe(String(Date.parse('2026-11-24T02:00:00Z') / 1000))
    expect(JSON.parse(req!.body)).toMatchObject({ id: '42', event: 'alert.eskalasi', caseId: 3, rung: 2, link: 'https://sigap.example.go.id/cases/3' })

    const forged = webhookChannel({ url: `${receiver.url}/hook`, secret: 'another-secret-of-at-least-32-chars!!' })
    expect(await forged.send(message)).toEqual({ ok: false, retry: false, error: 'HTTP 401' })
  })

  it('sends a WhatsApp Cloud API template with the body variables, token and key', async () => {
    const receiver = await startReceiver()
    const channel = whatsappChannel({ apiUrl: receiver.url, phoneNumberId: '1234567890', token: 'wa-token', template: 'sigap_peringatan', surveyTemplate: 'sigap_survei', language: 'id' })
    expect(await channel.send(message)).toEqual({ ok: true })
    const [req] = receiver.received
    expect(req).toMatchObject({ method: 'POST', path: '/1234567890/messages' })
    expect(req!.headers.authorization).toBe('Bearer wa-token')
    expect(req!.headers['idempotency-key']).toBe('42')
    expect(JSON.parse(req!.body)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '6281234567890',
      type: 'template',
      template: {
        name: 'sigap_peringatan',
        language: { code: 'id' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'judul' }, { type: 'text', text: 'rinci' }, { type: 'text', text: 'https://sigap.example.go.id/cases/3' }] }],
      },
      biz_opaque_callback_data: '42',
    })
  })

  it('sends e-mail through the HTTP API with a one-line subject and the idempotency key', async () => {
    const receiver = await startReceiver()
    const channel = emailChannel({ whatsapp: null, whatsappWebhook: null, email: { apiUrl: receiver.url, apiKey: 'mail-key', from: 'Sigap <sigap@dinsos.example.go.id>' }, smtp: null, webhook: null }, undefined)!
    expect(await channel.send({ ...message, message: { ...message.message, title: 'Judul\r\nBcc: x@evil.example' } })).toEqual({ ok: true })
    const [req] = receiver.received
    expect(req).toMatchObject({ method: 'POST', path: '/emails' })
    expect(req!.headers.authorization).toBe('Bearer mail-key')
    expect(req!.headers['idempotency-key']).toBe('42')
    expect(JSON.parse(req!.body)).toEqual({ from: 'Sigap <sigap@dinsos.example.go.id>', to: ['sup@dinsos.example.go.id'], subject: '[Sigap] Judul Bcc: x@evil.example', text: 'baris\nkedua' })
  })

  it('retries on 5xx, 429 and network errors, gives up at once on other 4xx', async () => {
    const statuses = [500, 429, 400]
    const receiver = await startReceiver((_, i) => statuses[i]!)
    const channel = webhookChannel({ url: receiver.url, secret: 'a-webhook-secret-of-at-least-32-chars!' })
    expect(await channel.send(message)).toMatchObject({ ok: false, retry: true })
    expect(await channel.send(message)).toMatchObject({ ok: false, retry: true })
    expect(await channel.send(message)).toMatchObject({ ok: false, retry: false })
    await receiver.close()
    expect(await channel.send(message)).toMatchObject({ ok: false, retry: true })
  })

  it('reads credentials from the environment and refuses plain http in production', () => {
    expect(readAlertConfig({}, true)).toEqual({ whatsapp: null, whatsappWebhook: null, email: null, smtp: null, webhook: null })
    expect(() => readAlertConfig({ SIGAP_WEBHOOK_URL: 'http://gateway.example', SIGAP_WEBHOOK_SECRET: 'x'.repeat(32) }, true)).toThrow(/https/)
    expect(() => readAlertConfig({ SIGAP_WEBHOOK_URL: 'https://gateway.example' }, true)).toThrow(/SIGAP_WEBHOOK_SECRET/)
    expect(readAlertConfig({ SIGAP_WHATSAPP_TOKEN: 't', SIGAP_WHATSAPP_PHONE_ID: '1' }, true).whatsapp).toMatchObject({ apiUrl: 'https://graph.facebook.com/v21.0', template: 'sigap_peringatan' })
    // This machine's loopback crosses no network: a local relay (or the tests' Graph API stand-in in workerd).
    expect(readAlertConfig({ SIGAP_WHATSAPP_TOKEN: 't', SIGAP_WHATSAPP_PHONE_ID: '1', SIGAP_WHATSAPP_API_URL: 'http://127.0.0.1:8090' }, true).whatsapp?.apiUrl).toBe('http://127.0.0.1:8090')
    expect(() => readAlertConfig({ SIGAP_WHATSAPP_TOKEN: 't', SIGAP_WHATSAPP_PHONE_ID: '1', SIGAP_WHATSAPP_API_URL: 'http://graph.example' }, true)).toThrow(/https/)
    // The webhook takes only the agency's number's messages: it must know which number that is.
    const hook = { SIGAP_WHATSAPP_APP_SECRET: 's', SIGAP_WHATSAPP_VERIFY_TOKEN: 'v'.repeat(20) }
    expect(() => readAlertConfig(hook, true)).toThrow(/SIGAP_WHATSAPP_PHONE_ID/)
    expect(readAlertConfig({ ...hook, SIGAP_WHATSAPP_PHONE_ID: '1065' }, true).whatsappWebhook).toMatchObject({ phoneNumberId: '1065' })
  })
})
