import { ButtonForm } from './ButtonForm'

/** Operator/supervisor action on an open online report: mark it as spam (status `ditolak`). */
export function SpamForm(props: { caseId: number }) {
  return (
    <ButtonForm action={`/cases/${props.caseId}/spam`} class="no-print">
      Tandai spam (tolak laporan online)
    </ButtonForm>
  )
}
