// Requests for "Pesan masuk" (issue 21): each call gets a waiting conversation of its own (with a
// stored photo), so a caller who is let through really makes, attaches or turns one away.
import { categoryId, kelurahanA } from '../support/app'
import { randomToken } from '../../worker/security/tokens'
import { seedConversation } from '../support/wa-inbox'
import { folderPhotoStore } from '../../worker/storage/folder'
import type { Fixture } from './fixtures'
import type { World } from './world'

let serial = 0

async function waiting(w: World) {
  const sender = `628571${String(++serial).padStart(6, '0')}`
  return seedConversation(w.t.db, folderPhotoStore(w.t.photoDir), { sender, firstAt: w.t.clock.now() - 3600_000, messages: [{ kind: 'text', body: 'Ada lansia terlantar' }, { kind: 'image', caption: 'Foto' }] })
}

export const inboxFixtures: Record<string, Fixture> = {
  'GET /inbox/:id{[0-9]+}': async (w) => ({ params: { id: (await waiting(w)).conversation.id } }),
  'GET /inbox/:id{[0-9]+}/case': async (w) => ({ params: { id: (await waiting(w)).conversation.id } }),
  'GET /inbox/:id{[0-9]+}/media/:messageId{[0-9]+}': async (w) => {
    const { conversation, messageIds } = await waiting(w)
    return { params: { id: conversation.id, messageId: messageIds[1]! } }
  },
  'POST /inbox/:id{[0-9]+}/case': async (w) => {
    const { conversation } = await waiting(w)
    const form = {
      idem: randomToken(),
      reporter_name: 'Ibu Sari', reporter_phone: '+6285700000001', reporter_relation: 'tetangga', channel: 'whatsapp',
      person_name: 'Lansia di emperan', person_age_group: 'lansia', person_sex: 'P', kelurahan: kelurahanA, address: 'Pasar',
      category: String(await categoryId(w.t.db, 'lansia-terlantar')), urgency: 'biasa', description: 'Ada lansia terlantar', dtks_status: 'tidak_diketahui', candidates_seen: '1',
    }
    return { params: { id: conversation.id }, form }
  },
  'POST /inbox/:id{[0-9]+}/attach': async (w) => ({ params: { id: (await waiting(w)).conversation.id }, form: { ticket: w.caseA.ticket } }),
  'POST /inbox/:id{[0-9]+}/reject': async (w) => ({ params: { id: (await waiting(w)).conversation.id }, form: { reason: 'spam', note: '' } }),
}
