/** Operator/supervisor action on an open online report: mark it as spam (status `ditolak`). */
export function SpamForm(props: { caseId: number }) {
  return (
    <form method="post" action={`/cases/${props.caseId}/spam`} class="no-print">
      <button type="submit" class="btn secondary">
        Tandai spam (tolak laporan online)
      </button>
    </form>
  )
}
