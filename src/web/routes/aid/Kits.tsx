// Placeholder: replaced by the real screen.
export function KitsPage(_props: { id?: string }) {
  return <h1>KitsPage</h1>;
}
