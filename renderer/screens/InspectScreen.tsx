// Placeholder until the Inspect screen lands; replaced by its feature owner.
export function InspectScreen() {
  return (
    <section className="panel">
      <h1>Inspect</h1>
      <p>This part of the app is not finished yet.</p>
    </section>
  );
}
