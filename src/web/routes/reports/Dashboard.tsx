// Placeholder: replaced by the real screen.
export function DashboardPage(_props: { id?: string }) {
  return <h1>DashboardPage</h1>;
}
