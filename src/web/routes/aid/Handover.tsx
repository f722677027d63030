// Placeholder: replaced by the real screen.
export function HandoverPage(_props: { id?: string }) {
  return <h1>HandoverPage</h1>;
}
