import type { Child } from 'hono/jsx'

/** A form that is one button: a POST that needs no typing (mark read, revoke, delete, retry); works with JavaScript off. */
export function ButtonForm(props: { action: string; children: Child; button?: string; class?: string }) {
  return (
    <form method="post" action={props.action} class={props.class}>
      <button type="submit" class={props.button ?? 'btn secondary'}>
        {props.children}
      </button>
    </form>
  )
}
