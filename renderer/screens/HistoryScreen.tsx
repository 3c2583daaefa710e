// Placeholder until the History screen lands; replaced by its feature owner.
export function HistoryScreen() {
  return (
    <section className="panel">
      <h1>History</h1>
      <p>This part of the app is not finished yet.</p>
    </section>
  );
}
