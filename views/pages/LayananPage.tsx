import { raw } from 'hono/html'

/** /layanan: the admin's Markdown, already rendered and escaped by worker/domain/markdown.ts. */
export function LayananPage(props: { html: string; canEdit: boolean }) {
  return (
    <>
      <h1>Layanan Dinas Sosial</h1>
      <article class="prose">{raw(props.html)}</article>
      <p>
        <a class="btn" href="/lapor">Lapor sekarang</a> <a class="btn secondary" href="/cek">Cek laporan</a>
      </p>
      {props.canEdit && (
        <p>
          <a href="/admin/layanan">Ubah teks halaman ini</a>
        </p>
      )}
    </>
  )
}

export function LayananEditPage(props: { markdown: string; preview: string; saved: boolean; error?: string }) {
  return (
    <>
      <h1>Ubah halaman Layanan</h1>
      {props.saved && (
        <p class="notice" role="status">
          Tersimpan. <a href="/layanan">Lihat halaman</a>
        </p>
      )}
      <form method="post" action="/admin/layanan">
        <div class="field">
          <label for="f-markdown">Teks (Markdown)</label>
          <textarea id="f-markdown" name="markdown" class="tall" maxlength={20000} aria-describedby="h-markdown">
            {props.markdown}
          </textarea>
          <div class="hint" id="h-markdown">
            # Judul, - daftar, 1. daftar bernomor, **tebal**, *miring*, [tautan](https://…), [telepon](tel:112). HTML tidak diizinkan.
          </div>
          {props.error && <p class="error">{props.error}</p>}
        </div>
        <button type="submit">Simpan</button>
      </form>
      <h2>Pratinjau</h2>
      <article class="prose preview">{raw(props.preview)}</article>
    </>
  )
}
