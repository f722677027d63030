// Placeholder: replaced by the real screen.
export function WorklistPage(_props: { id?: string }) {
  return <h1>WorklistPage</h1>;
}
