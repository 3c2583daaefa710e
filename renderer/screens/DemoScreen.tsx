// Placeholder until the Demo screen lands; replaced by its feature owner.
export function DemoScreen() {
  return (
    <section className="panel">
      <h1>Demo</h1>
      <p>This part of the app is not finished yet.</p>
    </section>
  );
}
