// Placeholder: replaced by the real screen.
export function FollowUpPage(_props: { id?: string }) {
  return <h1>FollowUpPage</h1>;
}
