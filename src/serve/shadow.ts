/** Placeholder replaced below. */
export async function shadow(_o: { scenario: string; history: string; profile?: string; mapping?: string; tz?: string; out?: string }): Promise<void> {
  throw new Error('not yet');
}
