import type { unreachableRungs } from '../../worker/domain/escalation'

/** Rungs of the ladder nobody would hear of (issue 17): on the ladder page and the admin home. */
export function LadderWarnings(props: { problems: ReturnType<typeof unreachableRungs>; link?: boolean }) {
  if (props.problems.length === 0) return <></>
  return (
    <div class="notice bad" role="alert" id="ladder-problems">
      <strong>Tangga eskalasi bermasalah.</strong>
      <ul>
        {props.problems.map((p) =>
          p.quiet ? (
            <li>
              Anak tangga {p.rung} ({p.label}): penerimanya tidak punya nomor WhatsApp yang dapat dikirimi atau e-mail; hanya kotak masuk Sigap yang memberi tahu.
            </li>
          ) : (
            <li>
              Anak tangga {p.rung} ({p.label}): belum ada akun aktif yang menerimanya.{' '}
              {p.fallback ? `Pemberitahuannya diteruskan ke penerima "${p.fallback}".` : 'Tidak ada anak tangga di bawahnya yang punya penerima.'} Buat akunnya di Pengguna atau pilih penerima lain.
            </li>
          ),
        )}
      </ul>
      {props.link && (
        <p>
          <a href="/admin/ladder">Buka tangga eskalasi</a>
        </p>
      )}
    </div>
  )
}
