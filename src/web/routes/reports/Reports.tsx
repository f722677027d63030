// Placeholder: replaced by the real screen.
export function ReportsPage(_props: { id?: string }) {
  return <h1>ReportsPage</h1>;
}
