import { formatDateTime } from '../../worker/domain/format'
import { coordinatesText, isStoredAudio, isStoredPhoto, mapLink, type WaMessage } from '../../worker/domain/wa-inbox'

/** Where a message's stored photo or voice note is served (audited, routes/inbox.tsx). */
export const mediaUrl = (conversationId: number, messageId: number) => `/inbox/${conversationId}/media/${messageId}`

/** A shared location as a link to OpenStreetMap, with the place's name when WhatsApp gave one. */
export function MapLink(props: { message: WaMessage }) {
  const m = props.message
  if (m.latitude === null || m.longitude === null) return <>Lokasi tanpa titik</>
  return (
    <>
      Lokasi{m.place ? `: ${m.place}` : ''} ({coordinatesText(m.latitude, m.longitude)}){' '}
      <a href={mapLink(m.latitude, m.longitude)} rel="noopener noreferrer" target="_blank">
        Buka peta (OpenStreetMap)
      </a>
    </>
  )
}

/** What one message shows: text, photo with caption, voice note player, location, contact, or that its type is not supported. */
export function WaMessageBody(props: { conversationId: number; message: WaMessage }) {
  const m = props.message
  const media = mediaUrl(props.conversationId, m.id)
  switch (m.kind) {
    case 'text':
      return <p class="wa-text">{m.body}</p>
    case 'contacts':
      return <p class="wa-text">Kontak dibagikan: {m.body}</p>
    case 'location':
      return (
        <p>
          <MapLink message={m} />
        </p>
      )
    case 'image':
      return (
        <>
          {isStoredPhoto(m) ? (
            <a href={media}>
              <img src={media} alt={m.body ? `Foto dari pelapor: ${m.body}` : 'Foto dari pelapor'} class="wa-photo" loading="lazy" />
            </a>
          ) : (
            <p class="muted">{m.mediaStatus === 'gagal' ? 'Foto tidak dapat diambil dari WhatsApp.' : 'Foto sedang diambil dari WhatsApp.'}</p>
          )}
          {m.body && <p class="wa-text">{m.body}</p>}
        </>
      )
    case 'audio':
      return isStoredAudio(m) ? (
        <p>
          Pesan suara: <audio controls preload="none" src={media}></audio> <a href={media}>unduh</a>
        </p>
      ) : (
        <p class="muted">{m.mediaStatus === 'gagal' ? 'Pesan suara tidak dapat diambil dari WhatsApp.' : 'Pesan suara sedang diambil dari WhatsApp.'}</p>
      )
    default:
      return <p class="muted">Jenis pesan tidak didukung.</p>
  }
}

/** The whole conversation, oldest first, each message with the time it was sent. */
export function WaMessageList(props: { conversationId: number; messages: WaMessage[]; zone: string }) {
  return (
    <ol class="timeline wa-messages">
      {props.messages.map((m) => (
        <li>
          <span class="muted">{formatDateTime(m.sentAt, props.zone)}</span>
          <WaMessageBody conversationId={props.conversationId} message={m} />
        </li>
      ))}
    </ol>
  )
}
