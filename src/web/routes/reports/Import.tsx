// Placeholder: replaced by the real screen.
export function ImportPage(_props: { id?: string }) {
  return <h1>ImportPage</h1>;
}
