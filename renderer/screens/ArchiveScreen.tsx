// Placeholder until the Archive screen lands; replaced by its feature owner.
export function ArchiveScreen() {
  return (
    <section className="panel">
      <h1>Archive</h1>
      <p>This part of the app is not finished yet.</p>
    </section>
  );
}
