import { describe, expect, it } from 'vitest'
import { readDelivery, senderKey, waNoteOf } from '../../worker/domain/whatsapp'
import { checkWhatsappMedia, sniffAudio } from '../../worker/domain/whatsapp-media'
import { cameraJpeg } from '../support/camera-photo'
import { audioMessage, change, delivery, oggOpus, phoneNumberId, textMessage } from '../support/whatsapp-payloads'

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p)] : p)))

const inboundMessagesOf = (payload: unknown, now: number) => readDelivery(payload, phoneNumberId, now).messages

describe('inbound WhatsApp messages', () => {
  it('reads one sender however the number is written; a foreign number keeps its digits', () => {
    for (const raw of ['6281234567890', '+62 812-3456-7890', '081234567890', '+62 (0)812 3456 7890']) expect(senderKey(raw), raw).toBe('6281234567890')
    expect(senderKey('16505551234')).toBe('16505551234')
  })

  it('takes Meta’s timestamp in seconds, and the clock when it is missing; skips a message without an id', () => {
    const now = 1_800_000_000_000
    const payload = JSON.parse(delivery([change(null, [textMessage('6281234567890', 'wamid.a', 1795485500, 'a'), { ...textMessage('6281234567890', 'wamid.b', 0, 'b'), timestamp: 'x' }, { ...textMessage('6281234567890', '', 1, 'c') }])]))
    expect(inboundMessagesOf(payload, now).map((m) => [m.wamid, m.sentAt])).toEqual([['wamid.a', 1795485500_000], ['wamid.b', now]])
    expect(inboundMessagesOf({ entry: 'nonsense' }, now)).toEqual([])
    expect(inboundMessagesOf(JSON.parse(delivery([change(null, [audioMessage('6281234567890', 'wamid.v', 1, '42')])])), now)[0]).toMatchObject({ kind: 'audio', mediaId: '42', mediaMime: 'audio/ogg; codecs=opus' })
  })

  it('names each kind on a case’s timeline in Indonesian', () => {
    const m = { body: null, latitude: null, longitude: null, place: null }
    expect(waNoteOf({ ...m, kind: 'unsupported', body: 'sticker' })).toBe('Jenis pesan tidak didukung (sticker)')
    expect(waNoteOf({ ...m, kind: 'audio' })).toBe('Pesan suara')
    expect(waNoteOf({ ...m, kind: 'image', body: 'Ini orangnya' })).toBe('Foto: Ini orangnya')
    expect(waNoteOf({ ...m, kind: 'location', latitude: -0.02, longitude: 109.34, place: 'Pasar Flamboyan' })).toBe('Lokasi: Pasar Flamboyan — -0.02, 109.34')
  })

  it('knows audio WhatsApp sends by its bytes', () => {
    expect(sniffAudio(oggOpus())).toBe('audio/ogg')
    expect(sniffAudio(bytes('#!AMR\n', [0x3c]))).toBe('audio/amr')
    expect(sniffAudio(bytes([0, 0, 0, 0x1c], 'ftypM4A ', [0, 0]))).toBe('audio/mp4')
    expect(sniffAudio(bytes('ID3', [4, 0, 0]))).toBe('audio/mpeg')
    expect(sniffAudio(bytes([0xff, 0xfb, 0x90, 0x64]))).toBe('audio/mpeg')
    expect(sniffAudio(bytes([0xff, 0xf1, 0x50, 0x80]))).toBe('audio/aac')
    expect(sniffAudio(bytes('<html>'))).toBeNull()
    expect(sniffAudio(cameraJpeg(8, 8))).toBeNull()
  })

  it('stores an image only if it is one and an audio only if it is one, within the cap', () => {
    expect(checkWhatsappMedia('image', cameraJpeg(8, 8), 1024 * 1024)).toEqual({ ok: true, type: 'image/jpeg', ext: 'jpg' })
    expect(checkWhatsappMedia('image', oggOpus(), 1024 * 1024).ok).toBe(false)
    expect(checkWhatsappMedia('audio', oggOpus(), 1024 * 1024)).toEqual({ ok: true, type: 'audio/ogg', ext: 'ogg' })
    expect(checkWhatsappMedia('audio', oggOpus(), 10).ok).toBe(false)
    expect(checkWhatsappMedia('audio', new Uint8Array(), 10).ok).toBe(false)
  })
})
