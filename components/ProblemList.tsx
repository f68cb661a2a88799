export function ProblemList({ problems }: { problems: readonly string[] }) {
  if (!problems.length) return null;
  return (
    <section class="card problems" aria-label="Problems on this page">
      <h2>Needs attention</h2>
      <ul data-testid="problems">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </section>
  );
}
