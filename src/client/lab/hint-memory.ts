// How many hints the learner revealed per checkpoint, kept in this browser's localStorage:
// the server's progress store has no place for them, and they are a reading aid, not
// progress. Private modes or full storage just forget them.
export interface HintMemory {
  shown(key: string): number;
  reveal(key: string): number;
}

export function hintMemory(lab: string, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): HintMemory {
  const storageKey = `mslab:hints:${lab}`;
  const read = (): Record<string, number> => {
    try {
      const parsed: unknown = JSON.parse(storage?.getItem(storageKey) ?? '{}');
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, number>) : {};
    } catch {
      return {};
    }
  };
  const memory = read();
  return {
    shown: (key) => (Number.isInteger(memory[key]) ? memory[key]! : 0),
    reveal(key) {
      memory[key] = (Number.isInteger(memory[key]) ? memory[key]! : 0) + 1;
      try {
        storage?.setItem(storageKey, JSON.stringify(memory));
      } catch {
        // Storage full or refused: the hint still shows on this page.
      }
      return memory[key];
    },
  };
}
