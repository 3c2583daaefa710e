// Placeholder until the Restore screen lands; replaced by its feature owner.
export function RestoreScreen() {
  return (
    <section className="panel">
      <h1>Restore</h1>
      <p>This part of the app is not finished yet.</p>
    </section>
  );
}
