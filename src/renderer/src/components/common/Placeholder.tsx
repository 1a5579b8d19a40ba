// Pages not built yet say what they will hold — never fake data.
export function Placeholder({ title, holds }: { title: string; holds: string[] }) {
  return (
    <section className="page">
      <h1>{title}</h1>
      <p className="muted">Not built yet. This page will hold:</p>
      <ul className="plain-list">
        {holds.map((h) => (
          <li key={h}>{h}</li>
        ))}
      </ul>
    </section>
  );
}
