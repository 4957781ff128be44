import type { Child } from 'hono/jsx'

/** The shell of a list page's table: one header row of plain headings, the rows as children. */
export function ListTable(props: { headings: string[]; class?: string; id?: string; children?: Child }) {
  return (
    <table class={props.class} id={props.id}>
      <thead>
        <tr>
          {props.headings.map((h) => (
            <th>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  )
}
