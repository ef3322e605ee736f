// The build log as text: one element per line, colours kept as a tone. Screen readers read
// this view (the terminal is for the eye); on phones it is the only view, since it wraps to a
// narrow screen where a terminal cannot.
const SGR = /\x1b\[([0-9;]*)m/g;
const TONES: Record<string, string> = { '31': 'bad', '32': 'good', '33': 'warn', '36': 'step', '90': 'quiet' };

/** A line's text without escape codes, and the tone of its first colour. */
export function plainLine(line: string): { text: string; tone: string | undefined } {
  let tone: string | undefined;
  const text = line.replace(SGR, (_, codes: string) => {
    tone ??= codes.split(';').map((c) => TONES[c]).find(Boolean);
    return '';
  });
  return { text, tone };
}

export class LogText {
  private readonly box: HTMLElement;
  private readonly maxLines: number;
  /** Text after the last line end, kept until its line is complete. */
  private rest = '';

  constructor(box: HTMLElement, maxLines: number) {
    this.box = box;
    this.maxLines = maxLines;
  }

  write(text: string): void {
    const lines = (this.rest + text).split(/\r?\n/);
    this.rest = lines.pop() ?? '';
    const fragment = document.createDocumentFragment();
    for (const raw of lines) {
      const { text: line, tone } = plainLine(raw.replace(/\r$/, ''));
      const div = document.createElement('div');
      div.textContent = line || '\u00a0';
      if (tone) div.dataset.tone = tone;
      fragment.append(div);
    }
    this.box.append(fragment);
    while (this.box.childElementCount > this.maxLines) this.box.firstElementChild?.remove();
    this.box.scrollTop = this.box.scrollHeight;
  }

  clear(): void {
    this.rest = '';
    this.box.replaceChildren();
  }
}
