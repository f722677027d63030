// Placeholder: replaced by the real screen.
export function BudgetPage(_props: { id?: string }) {
  return <h1>BudgetPage</h1>;
}
